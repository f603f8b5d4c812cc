/**
 * The few reads and writes one agent turn makes on its conversation. `ConversationStore` (SQLite) is the stored
 * chat; `MemoryTranscript` is the throwaway one of an API `agent:` call or a builder preview.
 */
import type { ConversationStore } from './conversationStore';

export type ConversationPort = Pick<
  ConversationStore,
  | 'messages'
  | 'getMessage'
  | 'addMessage'
  | 'beginAssistantMessage'
  | 'retargetAssistantMessage'
  | 'appendToMessage'
  | 'completeMessage'
  | 'failMessage'
>;
