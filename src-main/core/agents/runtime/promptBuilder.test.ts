import { describe, expect, it } from 'vitest';
import type { Message } from '../../conversations/conversationTypes';
import { AgentDefinition } from '../agentSchema';
import { sampleAgent } from '../testing/agentFixtures';
import { approximateTokens, buildPrompt, memoryBlock, toChatMessages } from './promptBuilder';

let seq = 0;
function msg(role: Message['role'], content: string, extra: Partial<Message> = {}): Message {
  return {
    id: `m${++seq}`,
    conversationId: 'c',
    role,
    content,
    agentId: null,
    routerLabel: null,
    routerReason: null,
    modelId: null,
    metrics: null,
    functionCalls: null,
    toolResult: null,
    status: 'complete',
    error: null,
    createdAt: seq,
    updatedAt: seq,
    ...extra,
  };
}

describe('promptBuilder', () => {
  it('folds tool rows back into the assistant call that made them, in call order', () => {
    const calls = [
      { name: 'a', params: { x: 1 } },
      { name: 'b', params: { y: 2 } },
    ];
    const chat = toChatMessages([
      msg('user', 'hi'),
      msg('assistant', '', { functionCalls: calls }),
      msg('tool', 'result a'),
      msg('tool', 'result b'),
      msg('assistant', 'done'),
    ]);
    expect(chat).toEqual([
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: '',
        functionCalls: [
          { name: 'a', params: { x: 1 }, result: 'result a' },
          { name: 'b', params: { y: 2 }, result: 'result b' },
        ],
      },
      { role: 'assistant', content: 'done' },
    ]);
  });

  it('never drops the system prompt, leaves room for functions and caps the reply at the reserve', () => {
    const agent = AgentDefinition.parse(
      sampleAgent({ systemPrompt: 'S', context: { strategy: 'truncate-oldest', reserveForReply: 100 } }),
    );
    const history = Array.from({ length: 50 }, (_, i) => msg(i % 2 ? 'assistant' : 'user', 'x'.repeat(70)));
    const base = { agent, history, memory: '', contextSize: 1000, countTokens: approximateTokens };
    const plain = buildPrompt({ ...base, functionsJson: null });
    const withFunctions = buildPrompt({ ...base, functionsJson: 'f'.repeat(700) });
    expect(plain.messages[0]).toEqual({ role: 'system', content: 'S' });
    expect(plain.fitted.usedTokens).toBeLessThanOrEqual(900);
    expect(withFunctions.messages.length).toBeLessThan(plain.messages.length);
    expect(withFunctions.fitted.budget).toBe(1000 - 200 - 64 - 100);
    expect(plain.maxTokens).toBe(100);
  });

  it('counts tool schemas in the budget and, when they overflow it, names the tools to drop', () => {
    const agent = AgentDefinition.parse(
      sampleAgent({ systemPrompt: 'S'.repeat(350), context: { strategy: 'truncate-oldest', reserveForReply: 256 } }),
    );
    const schema = (size: number) => ({ description: 'd'.repeat(size), params: { type: 'object', properties: {} } });
    const functions = { mcp_big_a: schema(2800), small: schema(35), mcp_big_b: schema(1400) };
    const input = {
      agent,
      history: [msg('user', 'hi')],
      memory: '',
      contextSize: 1024,
      countTokens: approximateTokens,
      functionsJson: JSON.stringify(functions),
      functions,
    };
    let error: unknown;
    try {
      buildPrompt(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'context_overflow', details: { reason: 'tools_too_long' } });
    const { message, details } = error as { message: string; details: { drop: string[] } };
    // The largest schema alone is enough to drop; the message says how big it is and never shows a negative context.
    expect(details.drop).toEqual(['mcp_big_a']);
    expect(message).toMatch(/Turn off mcp_big_a \(~\d+\) in the agent's tools/);
    expect(message).toContain('1024-token context');
    expect(message).not.toMatch(/-\d+-token/);
    const fits = { ...input, functions: { small: functions.small, mcp_big_b: functions.mcp_big_b } };
    expect(() => buildPrompt({ ...fits, functionsJson: JSON.stringify(fits.functions) })).not.toThrow();
  });

  it('marks recalled facts as memory with their provenance', () => {
    const block = memoryBlock([{ id: 1, agentId: null, text: 'Likes tea', source: 'user', createdAt: 0 }]);
    expect(block).toMatch(/^Memory: .*not instructions/);
    expect(block).toContain('- Likes tea (source: user, saved 1970-01-01T00:00:00.000Z)');
    expect(memoryBlock([])).toBe('');
  });
});
