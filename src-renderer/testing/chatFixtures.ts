/** Builders for chat tests: stored messages, conversations and chat events with sensible defaults. */
import type { ApprovalRequestEvent, ChatEvent, ConversationView, MessageView, TurnEvent } from '@contract';

export function message(id: string, patch: Partial<MessageView> = {}): MessageView {
  return {
    id,
    conversationId: 'c1',
    role: 'assistant',
    content: '',
    agentId: 'helper',
    routerLabel: null,
    routerReason: null,
    modelId: 'tiny.gguf',
    metrics: null,
    functionCalls: null,
    status: 'complete',
    error: null,
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

export function conversation(id: string, patch: Partial<ConversationView> = {}): ConversationView {
  return {
    id,
    agentId: 'helper',
    title: `Chat ${id}`,
    titleEdited: false,
    pinned: false,
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

export function chatEvent(event: TurnEvent, patch: Partial<ChatEvent> = {}): ChatEvent {
  return { turnId: 't1', conversationId: 'c1', preview: false, agentId: 'helper', event, ...patch };
}

export function approval(callId: string, patch: Partial<ApprovalRequestEvent> = {}): ApprovalRequestEvent {
  return {
    callId,
    turnId: 't1',
    conversationId: 'c1',
    agentId: 'helper',
    tool: 'list_directory',
    title: 'List a folder',
    args: { path: 'docs' },
    open: true,
    outcome: 'pending',
    ...patch,
  };
}

export const METRICS = {
  ttftMs: 120,
  promptTokens: 40,
  completionTokens: 30,
  promptTokensPerSecond: 200,
  generationTokensPerSecond: 25,
  totalMs: 1400,
};
