/** Fits a conversation into the model's context: system prompt always, newest turns first, whole units only. */
import { OutpostError } from '@contract';
import type { ContextStrategy } from '../agents/agentSchema';

export interface BudgetMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
  functionCalls?: readonly unknown[] | null;
}

export interface SystemEntry {
  role: 'system';
  content: string;
}

export interface FitHistoryInput<M extends BudgetMessage> {
  systemPrompt: string;
  /** Recalled facts, appended to the system message when there is room. */
  memory?: string;
  messages: readonly M[];
  countTokens(text: string): number;
  contextSize: number;
  reserveForReply: number;
  strategy: ContextStrategy;
  /** Template tokens around each message (role markers); a small safe default. */
  perMessageOverhead?: number;
}

export interface FittedHistory<M extends BudgetMessage> {
  /** What to send: the system entry first, then the kept messages in their original order. */
  messages: [SystemEntry, ...M[]];
  /** Left out, oldest first. */
  dropped: M[];
  /** With 'summarise-oldest', the dropped messages the caller should fold into a summary. */
  toSummarise: M[];
  memoryIncluded: boolean;
  usedTokens: number;
  budget: number;
}

export const SYSTEM_PROMPT_TOO_LONG = 'system_prompt_too_long';

/**
 * Units never split: a user message on its own, or an assistant message with the tool results after it.
 * A turn is a user message and the units up to the next user message.
 */
function splitTurns<M extends BudgetMessage>(messages: readonly M[]): M[][][] {
  const turns: M[][][] = [];
  for (const message of messages) {
    const turn = turns.at(-1);
    const unit = turn?.at(-1);
    if (message.role === 'user' || !turn) turns.push([[message]]);
    else if (message.role === 'tool' && unit?.[0]?.role === 'assistant') unit.push(message);
    else turn.push([message]);
  }
  return turns;
}

export function fitHistory<M extends BudgetMessage>(input: FitHistoryInput<M>): FittedHistory<M> {
  const overhead = input.perMessageOverhead ?? 4;
  const cost = (message: BudgetMessage): number =>
    input.countTokens(message.content) +
    overhead +
    (message.functionCalls && message.functionCalls.length > 0
      ? input.countTokens(JSON.stringify(message.functionCalls))
      : 0);
  const unitCost = (unit: readonly M[]): number => unit.reduce((sum, m) => sum + cost(m), 0);

  const budget = input.contextSize - input.reserveForReply;
  const systemTokens = cost({ role: 'system', content: input.systemPrompt });
  if (systemTokens > budget) {
    throw new OutpostError(
      'context_overflow',
      `The system prompt needs about ${systemTokens} tokens, but only ${Math.max(budget, 0)} fit in a ${input.contextSize}-token ` +
        `context after keeping ${input.reserveForReply} for the reply. Shorten the system prompt or use a larger context.`,
      {
        reason: SYSTEM_PROMPT_TOO_LONG,
        promptTokens: systemTokens,
        contextSize: input.contextSize,
        maxTokens: input.reserveForReply,
        suggestion: 'Shorten the system prompt or load the model with a larger context size.',
        budget,
      },
    );
  }

  const turns = splitTurns(input.messages);
  const newest = turns.at(-1) ?? [];
  const kept = new Set<M[]>();
  let used = systemTokens;
  const tryKeep = (unit: M[]): boolean => {
    const needed = unitCost(unit);
    if (used + needed > budget) return false;
    used += needed;
    kept.add(unit);
    return true;
  };

  // The newest user message outranks memory; memory outranks older history.
  const newestLead = newest[0];
  const newestUserFits = newestLead?.[0]?.role === 'user' ? tryKeep(newestLead) : false;
  const memoryText = input.memory?.trim() ? `\n\n${input.memory.trim()}` : '';
  const systemWithMemory = input.systemPrompt + memoryText;
  const memoryCost = memoryText ? cost({ role: 'system', content: systemWithMemory }) - systemTokens : 0;
  const memoryIncluded = memoryText !== '' && used + memoryCost <= budget;
  if (memoryIncluded) used += memoryCost;

  // Walk back from the newest step; the first that doesn't fit ends the history, so there are no gaps.
  // Inside the newest turn whole steps may go; older turns are kept or dropped whole.
  let open = newestUserFits || newestLead?.[0]?.role !== 'user';
  for (let i = newest.length - 1; open && i >= 0; i--) {
    const unit = newest[i]!;
    if (!kept.has(unit)) open = tryKeep(unit);
  }
  for (let t = turns.length - 2; open && t >= 0; t--) {
    const turn = turns[t]!;
    if (used + turn.reduce((sum, unit) => sum + unitCost(unit), 0) > budget) break;
    for (const unit of turn) tryKeep(unit);
  }

  const units = turns.flat();
  const keptMessages: M[] = [];
  const dropped: M[] = [];
  for (const unit of units) (kept.has(unit) ? keptMessages : dropped).push(...unit);
  return {
    messages: [{ role: 'system', content: memoryIncluded ? systemWithMemory : input.systemPrompt }, ...keptMessages],
    dropped,
    toSummarise: input.strategy === 'summarise-oldest' ? dropped : [],
    memoryIncluded,
    usedTokens: used,
    budget,
  };
}
