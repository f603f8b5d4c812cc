import type { KnowledgeBase, KnowledgeFileStatus } from '@contract';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { cx } from '../../components/cx';
import { FILES_PAGE, knowledgeStore, useKnowledgeStore } from './knowledgeStore';
import { STATUS_TONES, fileSummary, relativeTo } from './knowledgeText';

const FILTERS: [KnowledgeFileStatus | null, string, keyof KnowledgeBase['counts']][] = [
  [null, 'All', 'files'],
  ['indexed', 'Indexed', 'indexed'],
  ['pending', 'Waiting', 'pending'],
  ['skipped', 'Skipped', 'skipped'],
  ['failed', 'Failed', 'failed'],
];

/** Every file of the base with its status: indexed (passages, pages), waiting, skipped or failed (and why). */
export function FileTable({ base }: { base: KnowledgeBase }) {
  const view = useKnowledgeStore((s) => (s.filesView?.baseId === base.id ? s.filesView : null));
  const status = view?.status ?? null;
  const folders = base.sources.filter((s) => s.kind === 'folder').map((s) => s.path);
  return (
    <Card title="Documents" data-testid="knowledge-files">
      <div role="group" aria-label="Show files" className="mb-3 flex flex-wrap gap-1">
        {FILTERS.map(([value, label, count]) => (
          <button
            key={label}
            type="button"
            aria-pressed={status === value}
            data-testid={`files-filter-${value ?? 'all'}`}
            onClick={() => knowledgeStore.getState().setStatusFilter(value)}
            className={cx(
              'rounded-full px-2.5 py-0.5 text-xs',
              status === value
                ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                : 'bg-zinc-100 text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700',
            )}
          >
            {label} <span className="tabular-nums opacity-70">{base.counts[count]}</span>
          </button>
        ))}
      </div>
      {view === null ? (
        <p className="text-sm text-zinc-500">Loading files…</p>
      ) : view.files.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="files-empty">
          {status === null ? 'No files found yet.' : 'No files with this status.'}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {view.files.map((file) => (
            <li
              key={file.id}
              data-testid="knowledge-file"
              data-status={file.status}
              data-reason={file.reason ?? undefined}
              className="flex items-center gap-3 py-2 text-sm"
            >
              <span className="min-w-0 flex-1">
                <span className="block truncate font-mono text-xs text-zinc-800 dark:text-zinc-200" title={file.path}>
                  {relativeTo(file.path, folders)}
                </span>
                <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400" data-testid="file-summary">
                  {fileSummary(file)}
                </span>
              </span>
              {file.format && <span className="shrink-0 text-xs text-zinc-400 uppercase">{file.format}</span>}
              <Badge tone={STATUS_TONES[file.status]}>{file.status === 'pending' ? 'waiting' : file.status}</Badge>
            </li>
          ))}
        </ul>
      )}
      {view !== null && view.total > view.files.length && (
        <p className="mt-2 text-xs text-zinc-500">
          Showing the first {Math.min(FILES_PAGE, view.files.length)} of {view.total} files; filter by status to see
          others.
        </p>
      )}
    </Card>
  );
}
