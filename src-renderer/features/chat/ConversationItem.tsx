import { useState } from 'react';
import type { ConversationView } from '@contract';
import { cx } from '../../components/cx';
import { chatHref } from '../../lib/hashRoute';
import { DownloadIcon, PencilIcon, TrashIcon } from './chatIcons';

export interface ConversationItemProps {
  conversation: ConversationView;
  selected: boolean;
  running: boolean;
  onRename(title: string): Promise<boolean>;
  onExport(format: 'markdown' | 'json'): void;
  onDelete(): void;
}

const actionClass =
  'rounded p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:bg-zinc-700 dark:hover:text-zinc-100';

/** A conversation in the sidebar: a link to open it, rename in place, export and delete. */
export function ConversationItem({
  conversation,
  selected,
  running,
  onRename,
  onExport,
  onDelete,
}: ConversationItemProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const title = conversation.title || 'New chat';

  if (draft !== null) {
    const save = async () => {
      const next = draft.trim();
      if (!next || next === conversation.title) return setDraft(null);
      if (await onRename(next)) setDraft(null);
    };
    return (
      <li className="px-1 py-0.5">
        <label className="sr-only" htmlFor={`rename-${conversation.id}`}>
          New title for {title}
        </label>
        <input
          id={`rename-${conversation.id}`}
          data-testid="conversation-rename-input"
          value={draft}
          autoFocus
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => void save()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save();
            if (e.key === 'Escape') {
              e.preventDefault();
              setDraft(null);
            }
          }}
          className="w-full rounded-md border border-emerald-500 bg-white px-2 py-1 text-sm dark:bg-zinc-800"
        />
      </li>
    );
  }

  return (
    <li
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      className={cx(
        'group flex items-center gap-1 rounded-md pr-1',
        selected ? 'bg-zinc-200/80 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
      )}
    >
      <a
        href={chatHref(conversation.id)}
        aria-current={selected ? 'page' : undefined}
        data-testid="conversation-link"
        className="min-w-0 flex-1 truncate px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-emerald-500"
      >
        {running && (
          <span
            className="mr-1.5 inline-block size-2 animate-pulse rounded-full bg-emerald-500"
            aria-label="Replying"
          />
        )}
        {title}
      </a>
      <div className="flex shrink-0 gap-0.5 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100">
        <button
          type="button"
          className={actionClass}
          aria-label={`Rename ${title}`}
          title="Rename"
          data-testid="conversation-rename"
          onClick={() => setDraft(conversation.title)}
        >
          <PencilIcon size={13} />
        </button>
        <button
          type="button"
          className={actionClass}
          aria-label={`Export ${title} as Markdown`}
          title="Export as Markdown"
          data-testid="conversation-export-markdown"
          onClick={() => onExport('markdown')}
        >
          <DownloadIcon size={13} />
        </button>
        <button
          type="button"
          className={cx(actionClass, 'font-mono text-[0.6rem] leading-none')}
          aria-label={`Export ${title} as JSON`}
          title="Export as JSON"
          data-testid="conversation-export-json"
          onClick={() => onExport('json')}
        >
          {'{}'}
        </button>
        <button
          type="button"
          className={cx(actionClass, 'hover:text-red-600 dark:hover:text-red-400')}
          aria-label={`Delete ${title}`}
          title="Delete"
          data-testid="conversation-delete"
          onClick={onDelete}
        >
          <TrashIcon size={13} />
        </button>
      </div>
    </li>
  );
}
