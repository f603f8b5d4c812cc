/** Stored rows as turn events carry them: the client gets what changed without fetching the conversation again. */
import type { TurnMessage } from '@contract';
import type { Message } from '../../conversations/conversationTypes';

/**
 * `streamed` is the text this row's deltas carried; the stored text goes along only when it differs (a client
 * that followed the stream has it already). Tool rows never stream: their `toolResult` is what clients show.
 */
export function turnMessage(row: Message, streamed: string | null): TurnMessage {
  const { content, conversationId: _conversation, ...rest } = row;
  const known = row.role === 'tool' || (streamed !== null && streamed === content);
  return known ? { ...rest, contentLength: content.length } : { ...rest, content, contentLength: content.length };
}
