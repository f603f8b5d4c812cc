import type { ConversationStore } from '../conversations/conversationStore';
import type { Conversation } from '../conversations/conversationTypes';
import type { EventSink } from '../ports';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface ConversationServices {
  conversations: ConversationStore;
  events: EventSink;
  /** Stops a running turn before its conversation goes. */
  beforeConversationDelete?: (conversationId: string) => Promise<void>;
}

const EXPORT = {
  markdown: { extension: 'md', mimeType: 'text/markdown' },
  json: { extension: 'json', mimeType: 'application/json' },
} as const;

/** A file name people recognise: the title, made safe for every OS. */
function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\w\- ]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return stem || 'conversation';
}

export function conversationHandlers(s: ConversationServices) {
  const changed = (conversation: Conversation, deleted = false) =>
    s.events.emit('conversations.changed', {
      agentId: conversation.agentId,
      conversationId: conversation.id,
      deleted,
      conversation: deleted ? null : conversation,
    });

  return {
    'conversations.list': async ({ agentId }) =>
      agentId === undefined ? s.conversations.listAll() : s.conversations.listByAgent(agentId),
    'conversations.create': async ({ agentId, title }) => {
      const conversation = s.conversations.create(agentId, { title });
      changed(conversation);
      return conversation;
    },
    'conversations.messages': async ({ conversationId }) => {
      s.conversations.get(conversationId); // not_found for an unknown id rather than an empty list
      return s.conversations.messages(conversationId);
    },
    'conversations.rename': async ({ conversationId, title }) => {
      const conversation = s.conversations.rename(conversationId, title);
      changed(conversation);
      return conversation;
    },
    'conversations.delete': async ({ conversationId }) => {
      const conversation = s.conversations.get(conversationId);
      await s.beforeConversationDelete?.(conversationId);
      s.conversations.delete(conversationId);
      changed(conversation, true);
      return { deleted: true };
    },
    'conversations.search': async ({ query, agentId, limit }) => s.conversations.search(query, { agentId, limit }),
    'conversations.export': async ({ conversationId, format }) => {
      const conversation = s.conversations.get(conversationId);
      const { extension, mimeType } = EXPORT[format];
      return {
        fileName: `${fileStem(conversation.title)}.${extension}`,
        content: s.conversations.exportConversation(conversationId, format),
        mimeType,
      };
    },
  } satisfies DomainHandlers<'conversations'>;
}
