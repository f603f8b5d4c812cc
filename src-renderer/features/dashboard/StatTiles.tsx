import type { ReactNode } from 'react';
import { formatBytes } from '../../lib/format';
import { useMonitoringStore } from './monitoringStore';
import { formatPercentValue, formatRate, ramPercent, vramText } from './monitorData';

function Tile({
  label,
  testId,
  value,
  detail,
}: {
  label: string;
  testId: string;
  value: ReactNode;
  detail: ReactNode;
}) {
  return (
    <div
      data-testid={testId}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</p>
      <p
        className="mt-1 text-xl font-semibold text-zinc-900 tabular-nums dark:text-zinc-100"
        data-testid={`${testId}-value`}
      >
        {value}
      </p>
      <p className="mt-0.5 line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400">{detail}</p>
    </div>
  );
}

/** The headline numbers of the latest sample. */
export function StatTiles() {
  const sample = useMonitoringStore((s) => s.sample);
  if (!sample) {
    return (
      <div className="grid animate-pulse gap-3 sm:grid-cols-2 xl:grid-cols-5" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="h-24 rounded-xl bg-zinc-100 dark:bg-zinc-800/60" />
        ))}
      </div>
    );
  }
  const { system, gpu, app, generation } = sample;
  const gpuName = gpu.names[0] ?? (gpu.state === 'reported' ? gpu.backend : 'No GPU in use');
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5" data-testid="stat-tiles">
      <Tile
        label="RAM"
        testId="stat-ram"
        value={`${ramPercent(sample)}%`}
        detail={`${formatBytes(system.usedBytes)} of ${formatBytes(system.totalBytes)} in use`}
      />
      <Tile
        label="CPU"
        testId="stat-cpu"
        value={formatPercentValue(system.cpuPercent)}
        detail={`${system.cores} ${system.cores === 1 ? 'core' : 'cores'}, all apps`}
      />
      <Tile
        label="VRAM"
        testId="stat-vram"
        value={gpu.state === 'reported' ? `${Math.round((gpu.usedBytes / gpu.totalBytes) * 100)}%` : 'n/a'}
        detail={
          <span title={gpu.state === 'not-reported' ? gpu.reason : undefined}>
            {vramText(sample, formatBytes)} · {gpuName}
          </span>
        }
      />
      <Tile
        label="Outpost memory"
        testId="stat-app"
        value={formatBytes(app.rssBytes)}
        detail={`${sample.processes.filter((p) => p.rssBytes !== null).length} processes · ${Math.round(app.cpuPercent)}% CPU`}
      />
      <Tile
        label="Generation"
        testId="stat-tps"
        value={formatRate(generation.tokensPerSecond)}
        detail={generation.active > 0 ? `${generation.active} generating now` : 'Idle'}
      />
    </div>
  );
}
