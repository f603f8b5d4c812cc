import { useShallow } from 'zustand/react/shallow';
import type { CatalogEntry, CatalogVariant, FitEstimate } from '@contract';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { hrefFor } from '../../lib/hashRoute';
import { openDownloadOf, progressOf } from '../../stores/downloadsState';
import { useDownloadsStore } from '../../stores/downloadsStore';
import { DOWNLOAD_STATE_LABELS, downloadBlockReason, variantSizeText } from './catalogText';
import { DOWNLOADS_PANEL_ID } from './DownloadsPanel';

export interface DownloadActionProps {
  entry: CatalogEntry;
  variant: CatalogVariant;
  fit: FitEstimate | null;
}

const LINK_BUTTON =
  'inline-flex items-center rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-500';

/** Download the chosen variant, or say why not: installed, already in the downloads panel, or won't fit. */
export function DownloadAction({ entry, variant, fit }: DownloadActionProps) {
  // Only what this button shows, so progress events re-render it once per whole percent.
  const open = useDownloadsStore(
    useShallow((s) => {
      const d = openDownloadOf(s.byId, entry.id, variant.id);
      return d ? { state: d.state, percent: Math.floor((progressOf(d) ?? 0) * 100) } : null;
    }),
  );
  const starting = useDownloadsStore((s) => s.starting[entry.id] === variant.id);
  const startError = useDownloadsStore((s) => s.startErrors[entry.id]);
  const start = useDownloadsStore((s) => s.start);
  const dismissStartError = useDownloadsStore((s) => s.dismissStartError);

  const installed = entry.installedVariantIds.includes(variant.id);
  const blocked = downloadBlockReason(fit);
  const size = variantSizeText(variant);
  const reasonId = `download-reason-${entry.id}`;

  let action;
  if (installed) {
    action = (
      <a href={hrefFor('models')} className={LINK_BUTTON} data-testid="catalog-open-models">
        Open in Models
      </a>
    );
  } else if (open) {
    const label = DOWNLOAD_STATE_LABELS[open.state];
    action = (
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="download-in-panel" data-state={open.state}>
        {open.state === 'downloading' ? `${label} · ${open.percent}%` : label}
        {' — '}
        <button
          type="button"
          className="text-xs text-zinc-500 underline underline-offset-2 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
          onClick={() => document.getElementById(DOWNLOADS_PANEL_ID)?.scrollIntoView({ block: 'start' })}
        >
          see Downloads
        </button>
      </p>
    );
  } else {
    action = (
      <>
        <Button
          variant="primary"
          data-testid="download-start"
          disabled={blocked !== null || starting}
          aria-describedby={blocked ? reasonId : undefined}
          onClick={() => void start(entry.id, variant.id)}
        >
          {starting ? 'Starting…' : `Download · ${size}`}
        </Button>
        {blocked && (
          <>
            <p
              id={reasonId}
              data-testid="download-blocked"
              className="max-w-64 text-right text-xs text-red-700 dark:text-red-400"
            >
              {blocked}
            </p>
            <Button
              variant="ghost"
              className="px-1.5 py-0.5 text-xs"
              data-testid="download-anyway"
              disabled={starting}
              title="For another computer, or if you know better than the estimate"
              onClick={() => void start(entry.id, variant.id)}
            >
              Download anyway
            </Button>
          </>
        )}
      </>
    );
  }

  return (
    <div className="flex flex-col items-end gap-2">
      {action}
      {startError && (
        <Banner
          level="error"
          title="Could not start the download"
          className="max-w-md"
          data-testid="download-start-error"
          data-code={startError.code}
          onDismiss={() => dismissStartError(entry.id)}
        >
          <p className="break-words">{startError.message}</p>
        </Banner>
      )}
    </div>
  );
}
