/** The typed refusals every conversation port gives (the SQLite store and the in-memory transcript alike). */
import { OutpostError } from '@contract';
import type { MessageStatus } from './conversationTypes';

export function noConversation(conversationId: string): OutpostError {
  return new OutpostError('not_found', `No conversation with id "${conversationId}"`, { conversationId });
}

export function noMessage(messageId: string): OutpostError {
  return new OutpostError('not_found', `No message with id "${messageId}"`, { messageId });
}

/** Only a reply still streaming takes more text or its ending. */
export function requireStreaming<R extends { status: MessageStatus }>(messageId: string, row: R): R {
  if (row.status !== 'streaming') {
    throw new OutpostError('conflict', `Message "${messageId}" is ${row.status}, not streaming`, {
      messageId,
      status: row.status,
    });
  }
  return row;
}
