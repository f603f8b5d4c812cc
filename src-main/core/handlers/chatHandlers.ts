import type { ChatService } from '../chat/chatService';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface ChatServices {
  chat: ChatService;
}

/** chat.*: start, re-run and stop agent turns, answer tool approvals; progress arrives as chat.event. */
export function chatHandlers({ chat }: ChatServices) {
  return {
    'chat.send': async (input) => chat.send(input),
    'chat.regenerate': async ({ conversationId }) => chat.regenerate(conversationId),
    'chat.warm': async ({ conversationId }, { signal }) => chat.warm(conversationId, signal),
    'chat.escalate': async ({ conversationId }) => chat.escalate(conversationId),
    'chat.editAndRerun': async ({ messageId, text }) => chat.editAndRerun(messageId, text),
    'chat.stop': async ({ conversationId }) => ({ stopped: chat.stop(conversationId) }),
    'chat.preview': async (input) => chat.preview(input),
    'chat.respond': async ({ callId, decision, values }) => ({ accepted: chat.respond(callId, decision, values) }),
    'chat.active': async () => chat.activeTurns(),
    'chat.approvals': async () => chat.openApprovals(),
  } satisfies DomainHandlers<'chat'>;
}
