/** The builder's preview chat as data: turn events and approval requests folded into a transcript. */
import type { ApprovalRequestEvent, ChatDelta, ChatEvent, TurnEvent } from '@contract';

export interface PreviewToolCall {
  callId: string;
  name: string;
  args: unknown;
  status: 'running' | 'waiting' | 'ok' | 'failed';
  decision: string | null;
  error: string | null;
  /** Open approval request for an "ask" tool. */
  approval: ApprovalRequestEvent | null;
}

export interface PreviewReply {
  role: 'assistant';
  /** Each send gets its own previewId: events carry it as `conversationId` before the route even answers. */
  previewId: string;
  text: string;
  toolCalls: PreviewToolCall[];
  status: 'streaming' | 'done' | 'stopped' | 'error';
  error: string | null;
  /** Who answered inside a team, and the router's reason. */
  routedTo: string | null;
  tokensPerSecond: number | null;
}

export type PreviewEntry = { role: 'user'; text: string } | PreviewReply;

export interface PreviewState {
  entries: PreviewEntry[];
  /** The previewId streaming now; null when idle. */
  activeTurn: string | null;
}

export const EMPTY_PREVIEW: PreviewState = { entries: [], activeTurn: null };

export function addUserMessage(state: PreviewState, text: string, previewId: string): PreviewState {
  const reply: PreviewReply = {
    role: 'assistant',
    previewId,
    text: '',
    toolCalls: [],
    status: 'streaming',
    error: null,
    routedTo: null,
    tokensPerSecond: null,
  };
  return { entries: [...state.entries, { role: 'user', text }, reply], activeTurn: previewId };
}

/** The reply the request failed to start: marked as an error, nothing else changes. */
export function failTurn(state: PreviewState, previewId: string, message: string): PreviewState {
  return finish(
    updateReply(state, previewId, (reply) => ({ ...reply, status: 'error', error: message })),
    previewId,
  );
}

function updateReply(state: PreviewState, previewId: string, update: (reply: PreviewReply) => PreviewReply) {
  let changed = false;
  const entries = state.entries.map((entry) => {
    if (entry.role !== 'assistant' || entry.previewId !== previewId) return entry;
    changed = true;
    return update(entry);
  });
  return changed ? { ...state, entries } : state;
}

function finish(state: PreviewState, previewId: string): PreviewState {
  return state.activeTurn === previewId ? { ...state, activeTurn: null } : state;
}

function updateCall(reply: PreviewReply, callId: string, update: (call: PreviewToolCall) => PreviewToolCall) {
  return { ...reply, toolCalls: reply.toolCalls.map((call) => (call.callId === callId ? update(call) : call)) };
}

function applyTurnEvent(reply: PreviewReply, event: TurnEvent): PreviewReply {
  switch (event.type) {
    case 'routed':
      return { ...reply, routedTo: event.reason ? `${event.memberName} — ${event.reason}` : event.memberName };
    case 'tool-call-started':
      if (reply.toolCalls.some((call) => call.callId === event.callId)) return reply;
      return {
        ...reply,
        toolCalls: [
          ...reply.toolCalls,
          {
            callId: event.callId,
            name: event.name,
            args: event.args,
            status: 'running',
            decision: null,
            error: null,
            approval: null,
          },
        ],
      };
    case 'tool-call-finished':
      return updateCall(reply, event.callId, (call) => ({
        ...call,
        status: event.ok ? 'ok' : 'failed',
        decision: event.decision,
        error: event.error ? `${event.error.code}: ${event.error.message}` : null,
        approval: null,
      }));
    case 'tool-rounds-exhausted':
      return { ...reply, error: `Stopped after ${event.rounds} tool rounds` };
    case 'aborted':
      return { ...reply, status: 'stopped', text: event.text || reply.text };
    case 'error':
      return { ...reply, status: 'error', error: `${event.code}: ${event.message}` };
    case 'done':
      return { ...reply, status: 'done', tokensPerSecond: event.row.metrics?.generationTokensPerSecond ?? null };
    default:
      return reply;
  }
}

const ENDS_TURN: ReadonlySet<TurnEvent['type']> = new Set(['done', 'error', 'aborted']);

/** Folds one `chat.event` of this preview into the transcript; events of other turns are ignored. */
export function applyChatEvent(state: PreviewState, event: ChatEvent): PreviewState {
  if (!event.preview) return state;
  const next = updateReply(state, event.conversationId, (reply) => applyTurnEvent(reply, event.event));
  return ENDS_TURN.has(event.event.type) ? finish(next, event.conversationId) : next;
}

/** Appends one batch of the preview's reply text (`chat.delta` carries the previewId as its conversation). */
export function applyChatDelta(state: PreviewState, delta: ChatDelta): PreviewState {
  return updateReply(state, delta.conversationId, (reply) => ({ ...reply, text: reply.text + delta.delta }));
}

/** Shows or closes an approval card on the matching tool call (creating the card if the start event lags). */
export function applyApproval(state: PreviewState, request: ApprovalRequestEvent): PreviewState {
  return updateReply(state, request.conversationId, (reply) => {
    const existing = reply.toolCalls.find((call) => call.callId === request.callId);
    const approval = request.open ? request : null;
    const status = request.open ? 'waiting' : 'running';
    if (existing) return updateCall(reply, request.callId, (call) => ({ ...call, approval, status }));
    const call: PreviewToolCall = {
      callId: request.callId,
      name: request.tool,
      args: request.args,
      status,
      decision: null,
      error: null,
      approval,
    };
    return { ...reply, toolCalls: [...reply.toolCalls, call] };
  });
}

/** Finished user/assistant pairs, as `chat.preview` takes them (at most the last 50 messages). */
export function historyOf(state: PreviewState): { role: 'user' | 'assistant'; content: string }[] {
  const history: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const entry of state.entries) {
    if (entry.role === 'user') history.push({ role: 'user', content: entry.text });
    else if (entry.text !== '') history.push({ role: 'assistant', content: entry.text });
    else history.pop(); // a reply with no text: drop its question too, so roles keep alternating
  }
  return history.slice(-50);
}
