/**
 * Budget a generation before it starts: the rendered prompt must leave room in the context, and the reply
 * limit is what remains (never "the whole context", which ends in a failed context shift).
 */
import { OutpostError } from '../../../../src-preload/contract/envelope';

export interface ReplyBudgetInput {
  promptTokens: number;
  /** Tokens one sequence can hold. */
  contextSize: number;
  /** The caller's limit, if any. */
  maxTokens: number | undefined;
}

/** What the typed error carries, so every caller (chat, the HTTP API) can say exactly what to change. */
export interface ContextOverflowDetails {
  reason: 'prompt_too_long';
  promptTokens: number;
  contextSize: number;
  maxTokens: number | null;
  suggestion: string;
}

/** The reply limit to generate with; throws `context_overflow` when the prompt leaves no room for a reply. */
export function replyBudget({ promptTokens, contextSize, maxTokens }: ReplyBudgetInput): number {
  const remaining = contextSize - promptTokens;
  if (remaining < 1) {
    const over = promptTokens - contextSize + 1;
    const suggestion =
      `Shorten the prompt (system prompt, history or attached text) by at least ${over} tokens, ` +
      `or load the model with a larger context size (now ${contextSize}).`;
    const details: ContextOverflowDetails = {
      reason: 'prompt_too_long',
      promptTokens,
      contextSize,
      maxTokens: maxTokens ?? null,
      suggestion,
    };
    throw new OutpostError(
      'context_overflow',
      `The prompt is ${promptTokens} tokens but the model's context holds ${contextSize}, leaving no room for a reply. ${suggestion}`,
      details,
    );
  }
  return maxTokens === undefined ? remaining : Math.min(maxTokens, remaining);
}
