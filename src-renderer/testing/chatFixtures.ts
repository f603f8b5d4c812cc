/** Builders for chat tests: stored messages, conversations and chat events with sensible defaults. */
import type {
  ApprovalRequestEvent,
  ChatEvent,
  ConversationView,
  MessageView,
  ToolResult,
  TurnEvent,
  TurnMessage,
} from '@contract';

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
    toolResult: null,
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

/** A tool row with its structured result, as core stores it. */
export function toolRow(id: string, result: Partial<ToolResult> & { name: string; output: string }): MessageView {
  const full: ToolResult = { callId: id, ok: true, truncated: false, error: null, decision: 'allowed', ...result };
  return message(id, { role: 'tool', content: `(model-facing text of ${result.name})`, toolResult: full });
}

/** A stored row as a turn event carries it; `withText: false` leaves the text out, as after a stream. */
export function turnRow(row: MessageView, withText = false): TurnMessage {
  const { content, conversationId: _conversation, ...rest } = row;
  return withText ? { ...rest, content, contentLength: content.length } : { ...rest, contentLength: content.length };
}
