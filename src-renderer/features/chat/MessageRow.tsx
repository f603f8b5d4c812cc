import { memo, useState } from 'react';
import type { MessageView } from '@contract';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { cx } from '../../components/cx';
import type { MessageNote } from '../../stores/chatState';
import { useAgentsStore } from '../../stores/agentsStore';
import { AgentAvatar } from './AgentAvatar';
import { PencilIcon, RefreshIcon } from './chatIcons';
import { metricsLine, replyProblem, type CallView } from './chatView';
import { CopyButton } from './CopyButton';
import { Markdown } from './LazyMarkdown';
import { ToolCallCard } from './ToolCallCard';
import { CitationList } from '../knowledge/citations/CitationList';
import { useKnowledgeStore } from '../knowledge/knowledgeStore';
import { answeredByText } from '../../lib/modelRef';

export interface UserRowProps {
  message: MessageView;
  /** Null while a reply is running: history can't change under it. */
  onEdit: ((messageId: string, text: string) => void) | null;
  highlighted: boolean;
}

export const UserRow = memo(function UserRow({ message, onEdit, highlighted }: UserRowProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const pending = message.id.startsWith('pending:');
  return (
    <article
      id={`message-${message.id}`}
      data-testid="message-user"
      data-message-id={message.id}
      aria-label="Your message"
      className={cx('group flex flex-col items-end gap-1 py-2', highlighted && 'search-target')}
    >
      {draft === null ? (
        <div
          data-testid="message-text"
          className="max-w-[85%] rounded-2xl rounded-br-sm bg-emerald-600 px-3.5 py-2 text-sm whitespace-pre-wrap text-white dark:bg-emerald-700"
        >
          {message.content}
        </div>
      ) : (
        <form
          className="flex w-full max-w-[85%] flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.trim() || !onEdit) return;
            onEdit(message.id, draft.trim());
            setDraft(null);
          }}
        >
          <label className="sr-only" htmlFor={`edit-${message.id}`}>
            Edit your message
          </label>
          <textarea
            id={`edit-${message.id}`}
            data-testid="edit-message-input"
            value={draft}
            autoFocus
            rows={Math.min(8, draft.split('\n').length + 1)}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setDraft(null);
            }}
            className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-800"
          />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setDraft(null)}>Cancel</Button>
            <Button type="submit" variant="primary" data-testid="edit-message-save" disabled={!draft.trim() || !onEdit}>
              Save and re-run
            </Button>
          </div>
        </form>
      )}
      {draft === null && !pending && (
        <div className="flex gap-1 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100">
          <CopyButton text={message.content} label="Copy message" />
          {onEdit && (
            <button
              type="button"
              data-testid="edit-message"
              onClick={() => setDraft(message.content)}
              className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-500 hover:bg-zinc-200/70 dark:text-zinc-400 dark:hover:bg-zinc-700"
            >
              <PencilIcon size={13} /> Edit
            </button>
          )}
        </div>
      )}
    </article>
  );
});

export interface AssistantRowProps {
  message: MessageView;
  calls: CallView[];
  note: MessageNote | null;
  /** Set on the last reply when it may be generated again. */
  onRegenerate: (() => void) | null;
  /** Set with onRegenerate: answers again on the agent's escalation model, when it has one. */
  onAskBigger?: (() => void) | null;
  highlighted: boolean;
}

function AssistantRowView({ message, calls, note, onRegenerate, onAskBigger, highlighted }: AssistantRowProps) {
  const agent = useAgentsStore((s) => (message.agentId ? s.byId(message.agentId) : undefined));
  // Replies may cite the agent's bases or the files dropped into this conversation.
  const ownFiles = useKnowledgeStore((s) => s.bases.some((b) => b.conversationId === message.conversationId));
  const usesKnowledge = ownFiles || (agent?.definition.knowledge.baseIds.length ?? 0) > 0;
  const problem = replyProblem(message);
  const streaming = message.status === 'streaming';
  const empty = !message.content && calls.length === 0;
  return (
    <article
      id={`message-${message.id}`}
      data-testid="message-assistant"
      data-message-id={message.id}
      data-status={message.status}
      aria-label={`Reply from ${agent?.definition.name ?? 'the agent'}`}
      aria-busy={streaming}
      className={cx('group flex gap-3 py-2', highlighted && 'search-target')}
    >
      <AgentAvatar agent={agent} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="font-medium text-zinc-700 dark:text-zinc-200">
            {agent?.definition.name ?? message.agentId}
          </span>
          {message.routerLabel && (
            <span data-testid="router-label">
              answered by {message.routerLabel}
              {message.routerReason ? ` — ${message.routerReason}` : ''}
            </span>
          )}
          {message.modelId && (
            <span className="font-mono" data-testid="message-model">
              {answeredByText(message.modelId)}
            </span>
          )}
        </div>
        {note?.context && note.context.droppedMessages > 0 && (
          <p data-testid="context-note" className="mt-1 text-xs text-amber-700 dark:text-amber-300">
            {note.context.droppedMessages} older message{note.context.droppedMessages === 1 ? ' was' : 's were'} left
            out to fit the model’s context ({note.context.usedTokens} of {note.context.budget} tokens used).
          </p>
        )}
        <div className="mt-1 text-sm text-zinc-900 dark:text-zinc-100" data-testid="message-content">
          {message.content && <Markdown text={message.content} />}
          {streaming && empty && <span className="text-zinc-400">Thinking…</span>}
          {streaming && message.content && <span className="streaming-caret" aria-hidden="true" />}
        </div>
        {calls.map((call) => (
          <ToolCallCard key={call.key} call={call} />
        ))}
        {message.status === 'complete' && usesKnowledge && <CitationList messageId={message.id} />}
        {note?.roundsExhausted !== null && note?.roundsExhausted !== undefined && (
          <p className="text-xs text-zinc-500">
            Tool limit reached after {note.roundsExhausted} rounds; the agent was asked to answer in text.
          </p>
        )}
        {problem && (
          <div className="mt-1" data-testid="reply-problem" data-status={message.status}>
            <Badge tone={problem.tone}>{problem.text}</Badge>
          </div>
        )}
        <div className="mt-1 flex flex-wrap items-center gap-2">
          {message.metrics && (
            <span data-testid="reply-metrics" className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
              {metricsLine(message.metrics)}
            </span>
          )}
          {!streaming && message.content && <CopyButton text={message.content} label="Copy reply" />}
          {onRegenerate && (
            <button
              type="button"
              data-testid="regenerate"
              onClick={onRegenerate}
              className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-500 hover:bg-zinc-200/70 dark:text-zinc-400 dark:hover:bg-zinc-700"
            >
              <RefreshIcon size={13} /> Regenerate
            </button>
          )}
          {onAskBigger && agent?.definition.escalation?.onRequest && (
            <button
              type="button"
              data-testid="ask-bigger"
              onClick={onAskBigger}
              title={`Answer again with ${answeredByText(agent.definition.escalation.to).replace(/^answered by /, '')}`}
              className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-500 hover:bg-zinc-200/70 dark:text-zinc-400 dark:hover:bg-zinc-700"
            >
              Ask a bigger model
            </button>
          )}
        </div>
      </div>
    </article>
  );
}

function sameCalls(a: readonly CallView[], b: readonly CallView[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return (
        y &&
        x.key === y.key &&
        x.state === y.state &&
        x.live === y.live &&
        x.approval === y.approval &&
        x.result?.text === y.result?.text &&
        x.args === y.args
      );
    })
  );
}

/** Only the reply whose text or cards changed re-renders while tokens stream. */
export const AssistantRow = memo(
  AssistantRowView,
  (prev, next) =>
    prev.message === next.message &&
    prev.note === next.note &&
    prev.highlighted === next.highlighted &&
    Boolean(prev.onRegenerate) === Boolean(next.onRegenerate) &&
    sameCalls(prev.calls, next.calls),
);
