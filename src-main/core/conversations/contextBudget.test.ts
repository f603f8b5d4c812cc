import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { fitHistory, SYSTEM_PROMPT_TOO_LONG, type BudgetMessage } from './contextBudget';

// One token per word keeps the arithmetic readable; the function only ever sees it through countTokens.
const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;
const OVERHEAD = 4;
const cost = (m: BudgetMessage) =>
  countTokens(m.content) + OVERHEAD + (m.functionCalls?.length ? countTokens(JSON.stringify(m.functionCalls)) : 0);

const words = (n: number, word = 'w') => Array(n).fill(word).join(' ');
const user = (n: number): BudgetMessage => ({ role: 'user', content: words(n, 'u') });
const assistant = (n: number): BudgetMessage => ({ role: 'assistant', content: words(n, 'a') });
const tool = (n: number): BudgetMessage => ({ role: 'tool', content: words(n, 't') });

const base = { systemPrompt: words(10, 's'), countTokens, reserveForReply: 100, strategy: 'truncate-oldest' as const };

describe('fitHistory', () => {
  it('keeps everything when it fits', () => {
    const messages = [user(5), assistant(5), user(5)];
    const fitted = fitHistory({ ...base, messages, contextSize: 1000 });
    expect(fitted.messages).toEqual([{ role: 'system', content: base.systemPrompt }, ...messages]);
    expect(fitted.dropped).toEqual([]);
  });

  it('drops the oldest whole turns first and reports them for summarising', () => {
    const messages = [user(50), assistant(50), user(10), assistant(10), user(10)];
    const fitted = fitHistory({ ...base, strategy: 'summarise-oldest', messages, contextSize: 100 + 14 + 14 * 3 + 20 });
    expect(fitted.messages.slice(1)).toEqual(messages.slice(2));
    expect(fitted.dropped).toEqual(messages.slice(0, 2));
    expect(fitted.toSummarise).toEqual(fitted.dropped);
  });

  it('never keeps a tool result without the call that asked for it', () => {
    const call: BudgetMessage = { role: 'assistant', content: 'calling', functionCalls: [{ name: 'x', params: {} }] };
    const messages = [user(3), call, tool(60), assistant(3)];
    const fitted = fitHistory({ ...base, messages, contextSize: 100 + 14 + 7 + 7 + 30 });
    expect(fitted.messages.slice(1)).toEqual([messages[0], messages[3]]);
  });

  it('adds memory to the system message when there is room, after the newest user message', () => {
    const roomy = fitHistory({ ...base, memory: 'likes tea', messages: [user(3)], contextSize: 1000 });
    expect(roomy.messages[0].content).toBe(`${base.systemPrompt}\n\nlikes tea`);
    const tight = fitHistory({ ...base, memory: words(50, 'm'), messages: [user(3)], contextSize: 100 + 14 + 7 + 10 });
    expect(tight.memoryIncluded).toBe(false);
    expect(tight.messages).toHaveLength(2);
  });

  it('throws a typed error when the system prompt alone is too long', () => {
    let error: unknown;
    try {
      fitHistory({ ...base, systemPrompt: words(500), messages: [user(1)], contextSize: 512 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).code).toBe('context_overflow');
    expect((error as OutpostError).details).toMatchObject({ reason: SYSTEM_PROMPT_TOO_LONG, contextSize: 512 });
    expect((error as OutpostError).message).toMatch(/Shorten the system prompt or use a larger context/);
  });

  const arbitraryMessage = fc.oneof(
    fc.nat(80).map(user),
    fc.nat(80).map(assistant),
    fc.nat(80).map(tool),
    fc.record({
      role: fc.constant('assistant' as const),
      content: fc.constant('call'),
      functionCalls: fc.constant([{ name: 'f', params: { q: 1 } }]),
    }),
  );

  it('property: within budget, system first, newest user message kept when it fits, no orphan tool results', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryMessage, { maxLength: 120 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 200, max: 4000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('truncate-oldest' as const, 'summarise-oldest' as const),
        (messages, systemWords, contextSize, memoryWords, strategy) => {
          const systemPrompt = words(systemWords, 's');
          const input = {
            systemPrompt,
            memory: words(memoryWords, 'm'),
            messages,
            countTokens,
            contextSize,
            reserveForReply: 100,
            strategy,
          };
          const systemCost = cost({ role: 'system', content: systemPrompt });
          if (systemCost > contextSize - 100) {
            expect(() => fitHistory(input)).toThrow(OutpostError);
            return;
          }
          const fitted = fitHistory(input);
          const [system, ...kept] = fitted.messages;
          expect(system.role).toBe('system');
          expect(system.content.startsWith(systemPrompt)).toBe(true);
          expect(kept.every((m) => m.role !== 'system' || messages.includes(m))).toBe(true);
          const total = cost(system) + kept.reduce((sum, m) => sum + cost(m), 0);
          expect(total).toBeLessThanOrEqual(contextSize - 100);
          expect(total).toBe(fitted.usedTokens);
          expect(kept.length + fitted.dropped.length).toBe(messages.length);

          const lastUser = [...messages].reverse().find((m) => m.role === 'user');
          if (lastUser && systemCost + cost(lastUser) <= contextSize - 100) expect(kept).toContain(lastUser);
          // Kept messages are a suffix-like, order-preserving subset; a kept tool result has its caller.
          const keptIndexes = kept.map((m) => messages.indexOf(m));
          expect([...keptIndexes].sort((a, b) => a - b)).toEqual(keptIndexes);
          for (const index of keptIndexes) {
            if (messages[index]!.role !== 'tool') continue;
            let caller = index - 1;
            while (caller >= 0 && messages[caller]!.role === 'tool') caller--;
            if (caller >= 0) expect(keptIndexes).toContain(caller);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
