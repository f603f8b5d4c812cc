import { useEffect } from 'react';
import { getBridge } from '../../bridge';
import { cx } from '../../components/cx';
import { WarningIcon } from '../../components/icons';
import { formatBytes } from '../../lib/format';
import { hrefFor } from '../../lib/hashRoute';
import { monitoringStore, useMonitoringStore } from './monitoringStore';
import { startMonitoringSync } from './monitoringSync';
import { formatRate, ramPercent, VRAM_NOT_REPORTED } from './monitorData';

const SAMPLER_AFTER_MS = 1_000;
const item = 'flex items-center gap-1.5 whitespace-nowrap';

/** One line at the bottom of every screen: RAM, VRAM, loaded model, tokens/s while generating. */
export function StatusBar() {
  useEffect(() => {
    // Subscribing starts the host's sampler (system readings, process stats): after the first screen, not during it.
    let stop: (() => void) | null = null;
    const timer = window.setTimeout(() => {
      stop = startMonitoringSync(getBridge(), monitoringStore);
    }, SAMPLER_AFTER_MS);
    return () => {
      window.clearTimeout(timer);
      stop?.();
    };
  }, []);
  const sample = useMonitoringStore((s) => s.sample);
  const dismissed = useMonitoringStore((s) => s.dismissed);

  if (!sample) {
    return (
      <footer
        data-testid="status-bar"
        className="h-7 shrink-0 border-t border-zinc-200 dark:border-zinc-800"
        aria-hidden="true"
      />
    );
  }
  const ram = ramPercent(sample);
  const { gpu, models, generation } = sample;
  const worker = sample.processes.find((p) => p.role === 'worker');
  const alerts = sample.alerts.filter((a) => !dismissed.includes(a.id));
  const generating = generation.active > 0 || generation.tokensPerSecond !== null;
  const modelText =
    worker?.state === 'restarting'
      ? 'Worker restarting'
      : models.length === 0
        ? 'No model loaded'
        : models.length === 1
          ? models[0]?.modelId
          : `${models[0]?.modelId} +${models.length - 1}`;

  return (
    <footer
      data-testid="status-bar"
      aria-label="Resource status"
      className="flex h-7 shrink-0 items-center gap-4 overflow-hidden border-t border-zinc-200 bg-white px-4 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
    >
      <span
        className={item}
        data-testid="status-ram"
        title={`${formatBytes(sample.system.usedBytes)} of ${formatBytes(sample.system.totalBytes)} in use`}
      >
        RAM
        <span className="h-1.5 w-12 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden="true">
          <span
            className={cx('block h-full', ram >= 90 ? 'bg-red-500' : ram >= 75 ? 'bg-amber-500' : 'bg-emerald-500')}
            style={{ width: `${ram}%` }}
          />
        </span>
        <span className="tabular-nums">{ram}%</span>
      </span>
      <span
        className={item}
        data-testid="status-vram"
        title={
          gpu.state === 'reported' ? `${formatBytes(gpu.usedBytes)} of ${formatBytes(gpu.totalBytes)}` : gpu.reason
        }
      >
        VRAM{' '}
        <span className="tabular-nums">
          {gpu.state === 'reported' ? `${Math.round((gpu.usedBytes / gpu.totalBytes) * 100)}%` : 'n/a'}
        </span>
        {gpu.state !== 'reported' && <span className="sr-only">{VRAM_NOT_REPORTED}</span>}
      </span>
      <span
        className={cx(item, 'min-w-0 truncate')}
        data-testid="status-model"
        title={models.map((m) => m.modelId).join(', ')}
      >
        {modelText}
      </span>
      {generating && (
        <span className={cx(item, 'text-sky-700 dark:text-sky-400')} data-testid="status-tps">
          {formatRate(generation.tokensPerSecond)}
        </span>
      )}
      {alerts.length > 0 && (
        <a
          href={hrefFor('dashboard')}
          data-testid="status-alerts"
          className={cx(item, 'ml-auto font-medium text-amber-700 hover:underline dark:text-amber-400')}
        >
          <WarningIcon size={12} />
          {alerts.length === 1 ? alerts[0]?.title : `${alerts.length} resource alerts`}
        </a>
      )}
    </footer>
  );
}
