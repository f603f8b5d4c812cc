import type { MemoryEstimate } from '@contract';
import { Badge } from '../../components/Badge';
import { cx } from '../../components/cx';
import type { ShownError } from '../../lib/errors';
import { formatBytes, formatCount } from '../../lib/format';

export interface EstimateSummaryProps {
  estimate: MemoryEstimate | null;
  error: ShownError | null;
  pending: boolean;
  /** File names for the ids in `wouldEvict`. */
  nameOf: (modelId: string) => string;
  /** Shown before the numbers, e.g. "With these options". */
  lead?: string;
  /** When the caller shows the suggestion itself, e.g. as the reason Load is disabled. */
  hideSuggestion?: boolean;
  className?: string;
  'data-testid'?: string;
}

/** What loading would cost and whether it fits; the suggestion is loud when it does not. */
export function EstimateSummary({
  estimate,
  error,
  pending,
  nameOf,
  lead,
  hideSuggestion = false,
  className,
  ...rest
}: EstimateSummaryProps) {
  if (!estimate) {
    return (
      <p
        className={cx('text-xs text-zinc-500 dark:text-zinc-400', className)}
        data-state={error ? 'error' : 'pending'}
        {...rest}
      >
        {error ? `Memory estimate unavailable: ${error.message}` : pending ? 'Estimating memory…' : 'No estimate yet'}
      </p>
    );
  }
  const gpu = estimate.gpuLayers > 0 ? `${estimate.gpuLayers} GPU layers` : 'CPU only';
  return (
    <div
      className={cx('space-y-1.5', pending && 'opacity-60 transition-opacity', className)}
      data-state={estimate.fits ? 'fits' : 'no-fit'}
      aria-busy={pending}
      {...rest}
    >
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {lead && <span className="font-medium text-zinc-700 dark:text-zinc-300">{lead}</span>}
        <span>
          Needs{' '}
          <strong className="font-semibold text-zinc-800 dark:text-zinc-200">{formatBytes(estimate.ramBytes)}</strong>{' '}
          RAM
          {estimate.vramBytes > 0 && (
            <>
              {' '}
              +{' '}
              <strong className="font-semibold text-zinc-800 dark:text-zinc-200">
                {formatBytes(estimate.vramBytes)}
              </strong>{' '}
              VRAM
            </>
          )}
        </span>
        <span aria-hidden="true">·</span>
        <span>{formatCount(estimate.contextSize)} ctx</span>
        <span aria-hidden="true">·</span>
        <span>{gpu}</span>
        <span aria-hidden="true">·</span>
        <span>{formatBytes(estimate.ramBudgetBytes)} free in budget</span>
        <Badge tone={estimate.fits ? 'success' : 'danger'}>{estimate.fits ? 'Fits' : "Doesn't fit"}</Badge>
      </p>
      {estimate.fits && estimate.wouldEvict.length > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-400">
          Loading it unloads {estimate.wouldEvict.map(nameOf).join(', ')} to make room.
        </p>
      )}
      {!estimate.fits && estimate.suggestion && !hideSuggestion && (
        <p
          role="note"
          className="rounded-md border border-amber-200 bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900 dark:border-amber-900/80 dark:bg-amber-950/50 dark:text-amber-200"
        >
          {estimate.suggestion}
        </p>
      )}
    </div>
  );
}
