import type { ReactNode } from 'react';
import { Card } from '../../components/Card';
import { cx } from '../../components/cx';
import { monitoringStore, useMonitoringStore, type HistoryRange } from './monitoringStore';
import { VRAM_NOT_REPORTED } from './monitorData';
import { TimeChart } from './TimeChart';

const RANGES: { value: HistoryRange; label: string }[] = [
  { value: 'live', label: 'Live (15 min)' },
  { value: 60, label: '1 h' },
  { value: 1440, label: '24 h' },
];

const percent = (v: number) => `${Math.round(v)}%`;
const rate = (v: number) => (v >= 10 ? `${Math.round(v)}` : v.toFixed(1));

function ChartBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="min-w-0 rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-100 dark:bg-zinc-950/50 dark:ring-zinc-800">
      <h3 className="mb-1 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
      {children}
    </div>
  );
}

export function ChartsCard() {
  const range = useMonitoringStore((s) => s.range);
  const historyError = useMonitoringStore((s) => s.historyError);
  // Only the VRAM state decides what renders; the lines themselves update outside React.
  const vramReported = useMonitoringStore((s) => s.sample?.gpu.state === 'reported');

  return (
    <Card
      title="Over time"
      description={range === 'live' ? 'Every sample, newest on the right.' : 'One point per minute (average).'}
      data-testid="dashboard-charts"
      actions={
        <div role="group" aria-label="Time range" className="flex rounded-md ring-1 ring-zinc-200 dark:ring-zinc-700">
          {RANGES.map((r) => (
            <button
              key={r.value}
              type="button"
              data-testid={`range-${r.value}`}
              aria-pressed={range === r.value}
              onClick={() => void monitoringStore.getState().setRange(r.value)}
              className={cx(
                'px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md',
                range === r.value
                  ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                  : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
              )}
            >
              {r.label}
            </button>
          ))}
        </div>
      }
    >
      {historyError && (
        <p className="mb-3 text-xs text-red-600 dark:text-red-400">History unavailable: {historyError}</p>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <ChartBox title="System RAM in use">
          <TimeChart metric="ramUsedPercent" label="RAM" colour="#10b981" max={100} format={percent} />
        </ChartBox>
        <ChartBox title="CPU (all cores)">
          <TimeChart metric="cpuPercent" label="CPU" colour="#0ea5e9" max={100} format={percent} />
        </ChartBox>
        <ChartBox title="VRAM in use">
          {vramReported ? (
            <TimeChart metric="vramUsedPercent" label="VRAM" colour="#8b5cf6" max={100} format={percent} />
          ) : (
            <p
              data-testid="chart-vram-not-reported"
              className="flex h-[140px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400"
            >
              VRAM {VRAM_NOT_REPORTED}
            </p>
          )}
        </ChartBox>
        <ChartBox title="Tokens per second">
          <TimeChart metric="tokensPerSecond" label="tok/s" colour="#f59e0b" format={rate} />
        </ChartBox>
      </div>
    </Card>
  );
}
