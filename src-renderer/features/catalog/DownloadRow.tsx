import { memo } from 'react';
import type { Download } from '@contract';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { CheckIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { hrefFor } from '../../lib/hashRoute';
import { progressOf } from '../../stores/downloadsState';
import { useDownloadsStore } from '../../stores/downloadsStore';
import { DOWNLOAD_STATE_LABELS, DOWNLOAD_STATE_TONES, downloadStatusLine, verifiedByText } from './catalogText';

export interface DownloadRowProps {
  id: string;
  /** "Qwen2.5 0.5B Instruct · Q4_K_M", from the catalog when it knows the model. */
  describe(download: Download): string;
  onCancel(download: Download): void;
}

/** One download; subscribes to its own entry only, so a progress event re-renders just this row. */
export const DownloadRow = memo(function DownloadRow({ id, describe, onCancel }: DownloadRowProps) {
  const download = useDownloadsStore((s) => s.byId[id]);
  const busy = useDownloadsStore((s) => s.busy[id]);
  const actionError = useDownloadsStore((s) => s.actionErrors[id]);
  const pause = useDownloadsStore((s) => s.pause);
  const resume = useDownloadsStore((s) => s.resume);
  const dismiss = useDownloadsStore((s) => s.dismiss);
  if (!download) return null;

  const { state } = download;
  const canPause = state === 'downloading' || state === 'queued';
  const progress = progressOf(download);
  return (
    <li data-testid="download-row" data-download-id={id} data-state={state} className="py-3.5 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate font-mono text-[0.8125rem] font-medium text-zinc-900 dark:text-zinc-100">
              {download.fileName}
            </span>
            <Badge tone={DOWNLOAD_STATE_TONES[state]}>{DOWNLOAD_STATE_LABELS[state]}</Badge>
          </div>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{describe(download)}</p>
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          {canPause && (
            <Button data-testid="download-pause" disabled={busy !== undefined} onClick={() => void pause(id)}>
              {busy === 'pause' ? 'Pausing…' : 'Pause'}
            </Button>
          )}
          {(state === 'paused' || state === 'failed') && (
            <Button
              variant={state === 'failed' ? 'primary' : 'secondary'}
              data-testid="download-resume"
              disabled={busy !== undefined}
              onClick={() => void resume(id)}
            >
              {busy === 'resume' ? 'Resuming…' : state === 'failed' ? 'Retry' : 'Resume'}
            </Button>
          )}
          {state !== 'done' && (
            <Button
              variant="ghostDanger"
              data-testid="download-cancel"
              disabled={busy !== undefined}
              onClick={() => onCancel(download)}
            >
              {busy === 'cancel' ? 'Cancelling…' : state === 'failed' ? 'Discard' : 'Cancel'}
            </Button>
          )}
          {state === 'done' && (
            <Button variant="ghost" data-testid="download-dismiss" onClick={() => dismiss(id)}>
              Dismiss
            </Button>
          )}
        </div>
      </div>

      {state !== 'done' && (state !== 'failed' || download.receivedBytes > 0) && (
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1">
          <ProgressBar
            data-testid="download-progress"
            label={`Downloading ${download.fileName}`}
            value={progress ?? 0}
            className="min-w-48 flex-1"
          />
          <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" data-testid="download-status">
            {downloadStatusLine(download)}
          </span>
        </div>
      )}

      {state === 'done' && (
        <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
          <span
            data-testid="download-verified"
            data-verified-by={download.verifiedBy ?? 'none'}
            className="flex items-center gap-1 text-emerald-700 dark:text-emerald-400"
          >
            <CheckIcon size={12} />
            {verifiedByText(download.verifiedBy)}
          </span>
          <span aria-hidden="true" className="text-zinc-400">
            ·
          </span>
          <a
            href={hrefFor('models')}
            data-testid="download-open-models"
            className="font-medium text-emerald-700 underline underline-offset-2 hover:text-emerald-800 dark:text-emerald-400 dark:hover:text-emerald-300"
          >
            Installed — open Models
          </a>
        </p>
      )}

      {state === 'failed' && download.error && (
        <Banner
          level="error"
          title={download.error.code === 'checksum_mismatch' ? 'The file arrived damaged' : 'The download stopped'}
          className="mt-2.5"
          data-testid="download-error"
          data-code={download.error.code}
        >
          <p className="break-words">{download.error.message}</p>
        </Banner>
      )}
      {actionError && (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-400" data-testid="download-action-error">
          {actionError.message}
        </p>
      )}
    </li>
  );
});
