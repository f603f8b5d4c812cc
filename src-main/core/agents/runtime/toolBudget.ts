/**
 * Tool definitions take context room before any message does. When the system prompt and the tool schemas
 * leave no room, the error names the tools whose schemas cost the most and how many tokens each one takes.
 */
import { OutpostError } from '@contract';

export interface ToolCost {
  name: string;
  tokens: number;
}

/** Each offered tool's schema in tokens, largest first. */
export function toolCosts(functions: Readonly<Record<string, unknown>>, countTokens: (text: string) => number) {
  return Object.entries(functions)
    .map(([name, definition]): ToolCost => ({ name, tokens: countTokens(JSON.stringify({ [name]: definition })) }))
    .sort((a, b) => b.tokens - a.tokens);
}

/** The fewest tools, largest schemas first, whose removal brings the cost under `room` (all of them if need be). */
export function toolsToDrop(costs: readonly ToolCost[], total: number, room: number): ToolCost[] {
  const drop: ToolCost[] = [];
  let left = total;
  for (const cost of costs) {
    if (left <= room) break;
    drop.push(cost);
    left -= cost.tokens;
  }
  return drop;
}

export interface ToolBudgetInput {
  functions: Readonly<Record<string, unknown>>;
  /** Tokens the tool definitions take in the prompt (their JSON plus the template's function docs). */
  functionTokens: number;
  systemTokens: number;
  contextSize: number;
  reserveForReply: number;
  countTokens: (text: string) => number;
}

/** Throws `context_overflow` naming the tools to drop when the system prompt and the tools do not fit together. */
export function checkToolBudget(input: ToolBudgetInput): void {
  const budget = input.contextSize - input.reserveForReply;
  if (input.functionTokens === 0 || input.systemTokens + input.functionTokens <= budget) return;
  const room = Math.max(0, budget - input.systemTokens);
  const costs = toolCosts(input.functions, input.countTokens);
  const drop = toolsToDrop(costs, input.functionTokens, room);
  const names = drop.map((d) => `${d.name} (~${d.tokens})`).join(', ');
  throw new OutpostError(
    'context_overflow',
    `The agent's ${costs.length} tool definitions need about ${input.functionTokens} tokens, but only ${room} are ` +
      `left in a ${input.contextSize}-token context after the system prompt (~${input.systemTokens}) and ` +
      `${input.reserveForReply} kept for the reply. Turn off ${drop.length === costs.length ? 'all tools' : names} ` +
      `in the agent's tools, or load the model with a larger context size.`,
    {
      reason: 'tools_too_long',
      toolTokens: input.functionTokens,
      contextSize: input.contextSize,
      maxTokens: input.reserveForReply,
      drop: drop.map((d) => d.name),
      suggestion: `Turn off ${names || 'some tools'}, or use a larger context size.`,
    },
  );
}
