import { useCallback, useEffect, useMemo } from 'react';
import type { ApprovalRequestEvent } from '@contract';
import { useChatStore } from '../../stores/chatStore';
import { ArrowDownIcon } from './chatIcons';
import { buildRows, lastUserMessageId, looseApprovals } from './chatView';
import { AssistantRow, UserRow } from './MessageRow';
import { LooseApprovalCard } from './ToolCallCard';
import { useStickToBottom } from './useStickToBottom';

const NO_APPROVALS: Record<string, ApprovalRequestEvent> = {};

export interface MessageListProps {
  conversationId: string;
  /** A search hit to scroll to and mark. */
  targetMessageId: string | null;
  /** Changes on every send, so the view follows the new turn even if the reader had scrolled up. */
  followKey: number;
}

export function MessageList({ conversationId, targetMessageId, followKey }: MessageListProps) {
  const chat = useChatStore((s) => s.chats[conversationId]);
  const running = useChatStore((s) => Boolean(s.active[conversationId]) || Boolean(s.busy[conversationId]));
  // Only this conversation's approvals: another chat's card must not re-render this list.
  const approvals = useChatStore((s) => s.approvals);
  const mine = useMemo(() => {
    const entries = Object.entries(approvals).filter(([, a]) => a.conversationId === conversationId);
    return entries.length ? Object.fromEntries(entries) : NO_APPROVALS;
  }, [approvals, conversationId]);
  const regenerate = useChatStore((s) => s.regenerate);
  const escalate = useChatStore((s) => s.escalate);
  const editAndRerun = useChatStore((s) => s.editAndRerun);
  const { scrollRef, contentRef, atBottom, jumpToLatest, detach } = useStickToBottom();

  const messages = chat?.messages;
  const rows = useMemo(() => buildRows(messages ?? [], chat?.notes ?? {}, mine), [messages, chat?.notes, mine]);
  const loose = useMemo(() => looseApprovals(rows, mine, conversationId), [rows, mine, conversationId]);
  const lastUser = useMemo(() => lastUserMessageId(messages ?? []), [messages]);
  const lastRow = rows.at(-1);

  const onRegenerate = useCallback(() => void regenerate(conversationId), [regenerate, conversationId]);
  const onAskBigger = useCallback(() => void escalate(conversationId), [escalate, conversationId]);
  const onEdit = useCallback(
    (messageId: string, text: string) => void editAndRerun(conversationId, messageId, text),
    [editAndRerun, conversationId],
  );

  useEffect(() => {
    if (followKey > 0) jumpToLatest();
  }, [followKey, jumpToLatest]);

  const loaded = chat?.status === 'ready';
  useEffect(() => {
    if (!loaded || !targetMessageId) return;
    const el = document.getElementById(`message-${targetMessageId}`);
    if (!el) return;
    detach();
    el.scrollIntoView({ block: 'center' });
  }, [loaded, targetMessageId, detach]);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        data-testid="message-list"
        className="h-full overflow-y-auto px-6"
        role="log"
        aria-label="Messages"
        aria-live="off"
      >
        <div ref={contentRef} className="mx-auto max-w-3xl py-4">
          {chat?.status === 'loading' && rows.length === 0 && (
            <p className="text-sm text-zinc-500">Loading messages…</p>
          )}
          {chat?.status === 'error' && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              Could not load this conversation: {chat.error?.message}
            </p>
          )}
          {rows.map((row) =>
            row.kind === 'user' ? (
              <UserRow
                key={row.message.id}
                message={row.message}
                onEdit={running ? null : onEdit}
                highlighted={row.message.id === targetMessageId}
              />
            ) : (
              <AssistantRow
                key={row.message.id}
                message={row.message}
                calls={row.calls}
                note={row.note}
                highlighted={row.message.id === targetMessageId}
                onRegenerate={!running && row === lastRow && lastUser ? onRegenerate : null}
                onAskBigger={!running && row === lastRow && lastUser ? onAskBigger : null}
              />
            ),
          )}
          {loose.map((approval) => (
            <LooseApprovalCard key={approval.callId} approval={approval} />
          ))}
        </div>
      </div>
      {!atBottom && (
        <button
          type="button"
          data-testid="jump-to-latest"
          onClick={jumpToLatest}
          className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1 rounded-full border border-zinc-200 bg-white px-3 py-1 text-xs font-medium shadow-md hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800 dark:hover:bg-zinc-700"
        >
          <ArrowDownIcon size={13} /> Jump to latest
        </button>
      )}
    </div>
  );
}
