/** Shapes and pure reducers of the chat store: how turn events, token deltas and snapshots change a conversation. */
import type { ApprovalRequestEvent, ChatEvent, MessageView, ToolProgress, TurnEvent, TurnMessage } from '@contract';
import type { ShownError } from '../lib/errors';

type EventOf<T extends TurnEvent['type']> = Extract<TurnEvent, { type: T }>;
export type ToolDecision = EventOf<'tool-call-finished'>['decision'];
export type ContextInfo = Omit<EventOf<'context'>, 'type' | 'round'>;
export type RoutedInfo = Pick<EventOf<'routed'>, 'memberId' | 'memberName' | 'reason'>;

/** A tool call seen live (events), matched to the stored call of the same message by order. */
export interface LiveCall {
  callId: string;
  name: string;
  args: unknown;
  finished: boolean;
  ok: boolean | null;
  decision: ToolDecision | null;
  error: { code: string; message: string } | null;
  /** The latest progress the tool reported while running. */
  progress: ToolProgress | null;
}

/** What the events said about one assistant message that the stored row does not keep. */
export interface MessageNote {
  context: ContextInfo | null;
  calls: LiveCall[];
  roundsExhausted: number | null;
}

export interface LiveTurn {
  turnId: string;
  agentId: string;
  routed: RoutedInfo | null;
  /** The `context` event comes before `round-started`; it is attached to that round's message. */
  pendingContext: ContextInfo | null;
  /** The message each round writes into (tool calls of a round belong to it). */
  roundMessages: Record<number, string>;
  outcome: 'running' | 'done' | 'aborted' | 'error';
  error: { code: string; message: string } | null;
}

export interface ConversationChat {
  messages: MessageView[];
  status: 'loading' | 'ready' | 'error';
  error: ShownError | null;
  notes: Record<string, MessageNote>;
  turn: LiveTurn | null;
  /** A stored row's text is not what reached us (deltas missed, e.g. opened mid-reply): a snapshot is due. */
  stale: boolean;
}

export const PENDING_PREFIX = 'pending:';

export function emptyChat(): ConversationChat {
  return { messages: [], status: 'loading', error: null, notes: {}, turn: null, stale: false };
}

const EMPTY_NOTE: MessageNote = { context: null, calls: [], roundsExhausted: null };

function withNote(chat: ConversationChat, messageId: string, change: (note: MessageNote) => MessageNote) {
  return { ...chat.notes, [messageId]: change(chat.notes[messageId] ?? EMPTY_NOTE) };
}

function patchMessage(messages: MessageView[], id: string, patch: Partial<MessageView>): MessageView[] {
  return messages.map((m) => (m.id === id ? { ...m, ...patch } : m));
}

function placeholder(event: ChatEvent, id: string, now: number, routed: RoutedInfo | null): MessageView {
  return {
    id,
    conversationId: event.conversationId,
    role: 'assistant',
    content: '',
    agentId: routed?.memberId ?? event.agentId,
    routerLabel: routed?.memberName ?? null,
    routerReason: routed?.reason ?? null,
    modelId: null,
    metrics: null,
    functionCalls: null,
    toolResult: null,
    status: 'streaming',
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

function startTurn(chat: ConversationChat, event: ChatEvent): LiveTurn {
  if (chat.turn?.turnId === event.turnId) return chat.turn;
  return {
    turnId: event.turnId,
    agentId: event.agentId,
    routed: null,
    pendingContext: null,
    roundMessages: {},
    outcome: 'running',
    error: null,
  };
}

/** Every turn event; reply text arrives separately as `chat.delta`, applied through `appendDeltas`. */
export function applyTurnEvent(chat: ConversationChat, event: ChatEvent, now: number): ConversationChat {
  const turn = startTurn(chat, event);
  const e = event.event;
  switch (e.type) {
    case 'routed':
      return {
        ...chat,
        turn: { ...turn, routed: { memberId: e.memberId, memberName: e.memberName, reason: e.reason } },
      };
    case 'context': {
      const { type: _type, round: _round, ...info } = e;
      return { ...chat, turn: { ...turn, pendingContext: info } };
    }
    case 'round-started': {
      const exists = chat.messages.some((m) => m.id === e.messageId);
      const messages = exists
        ? patchMessage(chat.messages, e.messageId, { status: 'streaming' })
        : [...chat.messages, placeholder(event, e.messageId, now, turn.routed)];
      const notes = turn.pendingContext
        ? withNote(chat, e.messageId, (n) => ({ ...n, context: turn.pendingContext }))
        : chat.notes;
      const roundMessages = { ...turn.roundMessages, [e.round]: e.messageId };
      return { ...chat, messages, notes, turn: { ...turn, pendingContext: null, roundMessages } };
    }
    case 'tool-call-started': {
      const messageId = turn.roundMessages[e.round];
      if (!messageId) return { ...chat, turn };
      const call: LiveCall = {
        callId: e.callId,
        name: e.name,
        args: e.args,
        finished: false,
        ok: null,
        decision: null,
        error: null,
        progress: null,
      };
      const notes = withNote(chat, messageId, (n) =>
        n.calls.some((c) => c.callId === e.callId) ? n : { ...n, calls: [...n.calls, call] },
      );
      return { ...chat, notes, turn };
    }
    case 'tool-call-progress': {
      const messageId = turn.roundMessages[e.round];
      if (!messageId) return { ...chat, turn };
      const notes = withNote(chat, messageId, (n) => ({
        ...n,
        calls: n.calls.map((c) => (c.callId === e.callId && !c.finished ? { ...c, progress: e.progress } : c)),
      }));
      return { ...chat, notes, turn };
    }
    case 'tool-call-finished': {
      const messageId = turn.roundMessages[e.round];
      const stored = withRow(chat, event.conversationId, e.resultRow);
      if (!messageId) return { ...stored, turn };
      const notes = withNote(stored, messageId, (n) => ({
        ...n,
        calls: n.calls.map((c) =>
          c.callId === e.callId ? { ...c, finished: true, ok: e.ok, decision: e.decision, error: e.error } : c,
        ),
      }));
      return { ...stored, notes, turn };
    }
    case 'round-ended':
      return { ...withRow(chat, event.conversationId, e.row), turn };
    case 'tool-rounds-exhausted': {
      const last = lastRoundMessage(turn);
      const notes = last ? withNote(chat, last, (n) => ({ ...n, roundsExhausted: e.rounds })) : chat.notes;
      return { ...chat, notes, turn };
    }
    case 'done':
      return { ...withRow(chat, event.conversationId, e.row), turn: { ...turn, outcome: 'done' } };
    case 'aborted': {
      const stored = e.row ? withRow(chat, event.conversationId, e.row) : chat;
      return { ...stored, turn: { ...turn, outcome: 'aborted' } };
    }
    case 'error': {
      const error = { code: e.code, message: e.message };
      const stored = e.row ? withRow(chat, event.conversationId, e.row) : chat;
      return { ...stored, turn: { ...turn, outcome: 'error', error } };
    }
  }
}

/**
 * A row as a turn event stored it, put in place of (or after) ours. Its text comes along only when it is not
 * what streamed here; a reply whose stored length differs from what we hold marks the chat stale.
 */
export function withRow(chat: ConversationChat, conversationId: string, row: TurnMessage): ConversationChat {
  const { content, contentLength, ...fields } = row;
  const mine = chat.messages.find((m) => m.id === row.id);
  const text = content ?? mine?.content ?? '';
  const merged: MessageView = { ...fields, conversationId, content: text };
  const messages = mine ? chat.messages.map((m) => (m.id === row.id ? merged : m)) : [...chat.messages, merged];
  const missed = row.role !== 'tool' && text.length !== contentLength;
  return { ...chat, messages, stale: chat.stale || missed };
}

function lastRoundMessage(turn: LiveTurn): string | null {
  const rounds = Object.keys(turn.roundMessages).map(Number);
  if (rounds.length === 0) return null;
  return turn.roundMessages[Math.max(...rounds)] ?? null;
}

/** Text deltas batched per animation frame; deltas for messages not (yet) in the list wait for a refetch. */
export function appendDeltas(chat: ConversationChat, deltas: Readonly<Record<string, string>>): ConversationChat {
  let changed = false;
  const messages = chat.messages.map((m) => {
    const delta = deltas[m.id];
    if (!delta) return m;
    changed = true;
    return { ...m, content: m.content + delta };
  });
  return changed ? { ...chat, messages } : chat;
}

/** Ids in `deltas` that the conversation does not have: a sign events were missed and a refetch is due. */
export function unknownMessageIds(chat: ConversationChat, deltas: Readonly<Record<string, string>>): string[] {
  const known = new Set(chat.messages.map((m) => m.id));
  return Object.keys(deltas).filter((id) => !known.has(id));
}

/**
 * The stored list wins, except that a reply still streaming here keeps its live text when that is longer
 * (storage lags the stream by up to a persist interval). Local-only rows (a pending user message, a
 * just-started reply) stay at the end until the store has them.
 */
export function mergeServerMessages(local: readonly MessageView[], server: readonly MessageView[]): MessageView[] {
  const localById = new Map(local.map((m) => [m.id, m]));
  const serverIds = new Set(server.map((m) => m.id));
  const merged = server.map((stored) => {
    const mine = localById.get(stored.id);
    if (mine?.status === 'streaming' && stored.status === 'streaming' && mine.content.length > stored.content.length) {
      return { ...stored, content: mine.content };
    }
    return stored;
  });
  const localOnly = local.filter(
    (m) => !serverIds.has(m.id) && (m.status === 'streaming' || m.id.startsWith(PENDING_PREFIX)),
  );
  return [...merged, ...localOnly];
}

export function pendingUserMessage(conversationId: string, tempId: string, text: string, now: number): MessageView {
  return {
    id: tempId,
    conversationId,
    role: 'user',
    content: text,
    agentId: null,
    routerLabel: null,
    routerReason: null,
    modelId: null,
    metrics: null,
    functionCalls: null,
    toolResult: null,
    status: 'complete',
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The send was accepted: the pending row takes the stored id. */
export function confirmPending(messages: readonly MessageView[], tempId: string, realId: string): MessageView[] {
  if (messages.some((m) => m.id === realId)) return messages.filter((m) => m.id !== tempId);
  return messages.map((m) => (m.id === tempId ? { ...m, id: realId } : m));
}

/** Re-running from an edited user message replaces it and everything after it. */
export function truncateForEdit(messages: readonly MessageView[], messageId: string, text: string): MessageView[] {
  const index = messages.findIndex((m) => m.id === messageId);
  if (index < 0) return [...messages];
  const edited = messages[index];
  return [...messages.slice(0, index), ...(edited ? [{ ...edited, content: text }] : [])];
}

/** Regenerating replaces the reply (assistant and tool rows) after the last user message. */
export function truncateForRegenerate(messages: readonly MessageView[]): MessageView[] {
  let lastUser = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  return lastUser < 0 ? [...messages] : messages.slice(0, lastUser + 1);
}

/** Approval cards by call id: open ones wait for a decision, closed ones keep their outcome for the card. */
export function applyApproval(
  approvals: Readonly<Record<string, ApprovalRequestEvent>>,
  event: ApprovalRequestEvent,
): Record<string, ApprovalRequestEvent> {
  return { ...approvals, [event.callId]: event };
}

/** A fresh `chat.approvals` list (after load or reconnect): open ones replace what we had; the rest close. */
export function restoreApprovals(
  approvals: Readonly<Record<string, ApprovalRequestEvent>>,
  open: readonly ApprovalRequestEvent[],
): Record<string, ApprovalRequestEvent> {
  const next: Record<string, ApprovalRequestEvent> = {};
  for (const [id, a] of Object.entries(approvals)) {
    next[id] = a.open ? { ...a, open: false, outcome: a.outcome === 'pending' ? 'expired' : a.outcome } : a;
  }
  for (const a of open) next[a.callId] = a;
  return next;
}
