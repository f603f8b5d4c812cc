/** Pure view logic of the chat screen: rows to draw, tool cards, metric lines. */
import type { ApprovalRequestEvent, GenerationMetrics, MessageView, ToolDecision, ToolMedia } from '@contract';
import { formatCount, formatDuration, formatRate } from '../../lib/format';
import { predictionSummary } from '../../lib/predictions';
import type { LiveCall, MessageNote } from '../../stores/chatState';

export interface ToolResultView {
  text: string;
  isError: boolean;
  callId: string;
  decision: ToolDecision | null;
  /** Images, audio and links the tool returned. */
  media: ToolMedia[];
}

export type CallState = 'running' | 'waiting' | 'done' | 'failed' | 'denied';

export interface CallView {
  key: string;
  name: string;
  args: unknown;
  result: ToolResultView | null;
  live: LiveCall | null;
  approval: ApprovalRequestEvent | null;
  state: CallState;
}

export type ChatRow =
  | { kind: 'user'; message: MessageView }
  | { kind: 'assistant'; message: MessageView; calls: CallView[]; note: MessageNote | null };

/** A tool row's structured result (stored by core with the call), as the card shows it. */
export function toolResultView(message: MessageView): ToolResultView | null {
  const result = message.toolResult;
  if (!result) return null;
  return {
    text: result.output,
    isError: !result.ok,
    callId: result.callId,
    decision: result.decision,
    media: result.media ?? [],
  };
}

function callState(live: LiveCall | null, approval: ApprovalRequestEvent | null, result: ToolResultView | null) {
  if (approval?.open) return 'waiting';
  const decision = live?.decision ?? result?.decision;
  if (decision === 'user-denied' || decision === 'policy-denied') return 'denied';
  if (approval && !approval.open && approval.outcome !== 'approved') return 'denied';
  if (live ? live.finished && live.ok === false : result?.isError) return 'failed';
  if (live ? live.finished : result) return 'done';
  return 'running';
}

/**
 * Folds each assistant message's tool rows (stored right after it, in call order) into cards, matched by
 * position with the live calls of the same message; user rows stay as they are.
 */
export function buildRows(
  messages: readonly MessageView[],
  notes: Readonly<Record<string, MessageNote>>,
  approvals: Readonly<Record<string, ApprovalRequestEvent>>,
): ChatRow[] {
  const rows: ChatRow[] = [];
  const claimed = new Set<string>();
  let owner: { row: Extract<ChatRow, { kind: 'assistant' }>; results: ToolResultView[] } | null = null;
  const finishOwner = () => {
    if (owner) owner.row.calls = cardsFor(owner.row.message, owner.row.note, owner.results, approvals, claimed);
    owner = null;
  };
  for (const message of messages) {
    if (message.role === 'tool') {
      const result = toolResultView(message);
      if (owner && result) owner.results.push(result);
      continue;
    }
    finishOwner();
    if (message.role === 'system') continue;
    if (message.role === 'user') {
      rows.push({ kind: 'user', message });
      continue;
    }
    const row: Extract<ChatRow, { kind: 'assistant' }> = {
      kind: 'assistant',
      message,
      calls: [],
      note: notes[message.id] ?? null,
    };
    rows.push(row);
    owner = { row, results: [] };
  }
  finishOwner();
  return rows;
}

function cardsFor(
  message: MessageView,
  note: MessageNote | null,
  results: readonly ToolResultView[],
  approvals: Readonly<Record<string, ApprovalRequestEvent>>,
  claimed: Set<string>,
): CallView[] {
  const stored = message.functionCalls ?? [];
  const live = note?.calls ?? [];
  const count = Math.max(stored.length, live.length, results.length);
  return Array.from({ length: count }, (_, i) => {
    const call = live[i] ?? null;
    // Results name their call; rows from before that (legacy ids) pair up by position.
    const result = (call && results.find((r) => r.callId === call.callId)) ?? results[i] ?? null;
    const name = call?.name ?? stored[i]?.name ?? 'tool';
    // Without live events (opened or reloaded mid-turn) an unanswered stored call takes the open request for its tool.
    const approval = call
      ? (approvals[call.callId] ?? null)
      : result
        ? null
        : (Object.values(approvals).find(
            (a) => a.open && a.conversationId === message.conversationId && a.tool === name && !claimed.has(a.callId),
          ) ?? null);
    if (approval) claimed.add(approval.callId);
    return {
      key: call?.callId ?? `${message.id}:${i}`,
      name,
      args: call ? call.args : stored[i]?.params,
      result,
      live: call,
      approval,
      state: callState(call, approval, result),
    };
  });
}

/** Open or recently closed approvals of a conversation that no visible card shows (e.g. after a reload). */
export function looseApprovals(
  rows: readonly ChatRow[],
  approvals: Readonly<Record<string, ApprovalRequestEvent>>,
  conversationId: string,
): ApprovalRequestEvent[] {
  const shown = new Set(rows.flatMap((r) => (r.kind === 'assistant' ? r.calls.map((c) => c.approval?.callId) : [])));
  return Object.values(approvals).filter((a) => a.conversationId === conversationId && a.open && !shown.has(a.callId));
}

/** "25.0 tok/s · first token 120 ms · 30 tokens · 1.4 s" (+ " · draft 75% of 40 predicted" when speculating) */
export function metricsLine(metrics: GenerationMetrics): string {
  const parts = [
    formatRate(metrics.generationTokensPerSecond),
    `first token ${formatDuration(metrics.ttftMs)}`,
    `${formatCount(metrics.completionTokens)} tokens`,
    formatDuration(metrics.totalMs),
  ];
  const predicted = metrics.predictions ? predictionSummary(metrics.predictions) : null;
  if (predicted) parts.push(predicted);
  return parts.join(' · ');
}

/** Arguments exactly as the model gave them, pretty-printed. */
export function formatArgs(args: unknown): string {
  if (args === undefined) return '(none)';
  try {
    return JSON.stringify(args, null, 2) ?? String(args);
  } catch {
    return String(args);
  }
}

export function lastUserMessageId(messages: readonly MessageView[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') return m.id;
  }
  return null;
}

/** Why a reply is not a normal finished one, in words, or null when it is. */
export function replyProblem(message: MessageView): { tone: 'warning' | 'danger'; text: string } | null {
  if (message.status === 'incomplete') {
    return { tone: 'warning', text: 'Incomplete: the app stopped while this reply was being written.' };
  }
  if (message.status !== 'error') return null;
  if (message.error?.code === 'aborted') return { tone: 'warning', text: 'Stopped before the reply finished.' };
  return { tone: 'danger', text: message.error?.message ?? 'The reply failed.' };
}
