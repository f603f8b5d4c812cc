import { useShallow } from 'zustand/react/shallow';
import { hrefFor } from '../lib/hashRoute';
import { activeSummary } from '../stores/downloadsState';
import { useDownloadsStore } from '../stores/downloadsStore';

/** A compact "downloads running" line in the sidebar; re-renders once per whole percent, not per event. */
export function DownloadsIndicator() {
  const { count, percent } = useDownloadsStore(useShallow((s) => activeSummary(s.byId)));
  if (count === 0) return null;
  const label = `${count === 1 ? '1 download' : `${count} downloads`}${percent === null ? '' : ` · ${percent}%`}`;
  return (
    <a
      href={hrefFor('catalog')}
      data-testid="downloads-indicator"
      title="Open the downloads on the Catalog screen"
      className="mx-2 mb-2 block rounded-md px-2.5 py-1.5 text-xs text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100"
    >
      <span className="flex items-center gap-2">
        <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-sky-500" />
        <span className="tabular-nums">{label}</span>
      </span>
      <span aria-hidden="true" className="mt-1.5 block h-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <span className="block h-full rounded-full bg-sky-500" style={{ width: `${percent ?? 0}%` }} />
      </span>
    </a>
  );
}
