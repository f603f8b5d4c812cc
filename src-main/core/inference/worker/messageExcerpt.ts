/**
 * `lastMessageTokens`: a reader that needs only the start of the last user message (the team router) gets its
 * first N tokens, so a long message costs no more prompt evaluation than a short one.
 */
import type { LlamaModel } from 'node-llama-cpp';
import type { ChatMessage } from '../../../../src-preload/contract/inference';

/** The messages with the last one, when it is the user's, cut to its first `maxTokens` tokens (whole characters). */
export function excerptLastMessage(
  messages: readonly ChatMessage[],
  maxTokens: number | undefined,
  model: Pick<LlamaModel, 'tokenize' | 'detokenize'>,
): ChatMessage[] {
  const last = messages.at(-1);
  if (maxTokens === undefined || last?.role !== 'user') return [...messages];
  const tokens = model.tokenize(last.content, false);
  if (tokens.length <= maxTokens) return [...messages];
  // A token may end inside a multi-byte character: drop the replacement character a cut one decodes to.
  const text = model.detokenize(tokens.slice(0, maxTokens)).replace(/\uFFFD+$/, '');
  return [...messages.slice(0, -1), { role: 'user', content: text }];
}
