import type { ReactNode } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { cx } from '../../components/cx';
import { RefreshIcon } from '../../components/icons';
import { formatGiB, percentOf } from '../../lib/format';
import { useSystemStore } from '../../stores/systemStore';
import { EngineBuildInfo } from '../models/EngineBuildInfo';
import { BackendList } from './BackendList';
import { MemoryBar } from './MemoryBar';

function Stat({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div
      data-testid={testId}
      className="rounded-lg bg-zinc-50 p-4 ring-1 ring-zinc-100 dark:bg-zinc-950/50 dark:ring-zinc-800"
    >
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</p>
      {children}
    </div>
  );
}

export function SystemCard() {
  const snapshot = useSystemStore((s) => s.snapshot);
  const loading = useSystemStore((s) => s.loading);
  const error = useSystemStore((s) => s.error);
  const refresh = useSystemStore((s) => s.refresh);

  const updated = snapshot ? `Read at ${new Date(snapshot.takenAt).toLocaleTimeString()}` : 'Reading…';
  return (
    <Card
      data-testid="system-snapshot"
      aria-busy={loading}
      title="This computer"
      description={updated}
      actions={
        <Button onClick={() => void refresh()} disabled={loading} data-testid="system-refresh">
          <RefreshIcon size={14} className={cx(loading && 'animate-spin')} />
          {loading ? 'Refreshing…' : 'Refresh'}
        </Button>
      }
    >
      {error && (
        <Banner level="error" title="Could not read system information" className="mb-4">
          {error}
          {snapshot && ' The values below may be out of date.'}
        </Banner>
      )}
      {snapshot ? (
        <div className="space-y-5">
          <div className="grid gap-3 sm:grid-cols-2">
            <Stat label="Processor" testId="system-cpu">
              <p
                className="mt-1.5 truncate text-sm font-medium text-zinc-900 dark:text-zinc-100"
                title={snapshot.cpu.model}
              >
                {snapshot.cpu.model}
              </p>
              <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
                {snapshot.cpu.cores} {snapshot.cpu.cores === 1 ? 'core' : 'cores'} · {snapshot.cpu.arch}
              </p>
            </Stat>
            <Stat label="Memory" testId="system-ram">
              <p className="mt-1.5 text-sm font-medium text-zinc-900 dark:text-zinc-100">
                {formatGiB(snapshot.memory.freeBytes)} free
                <span className="font-normal text-zinc-600 dark:text-zinc-400">
                  {' '}
                  of {formatGiB(snapshot.memory.totalBytes)}
                </span>
              </p>
              <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
                {percentOf(snapshot.memory.totalBytes - snapshot.memory.freeBytes, snapshot.memory.totalBytes)}% in use
              </p>
              <MemoryBar totalBytes={snapshot.memory.totalBytes} freeBytes={snapshot.memory.freeBytes} />
            </Stat>
          </div>
          <div>
            <h3 className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              Inference backends
            </h3>
            <BackendList backends={snapshot.backends} />
          </div>
          <div>
            <h3 className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              Engine in use
            </h3>
            <EngineBuildInfo />
          </div>
        </div>
      ) : (
        !error && <SnapshotSkeleton />
      )}
    </Card>
  );
}

function SnapshotSkeleton() {
  return (
    <div className="grid animate-pulse gap-3 sm:grid-cols-2" aria-hidden="true">
      <div className="h-24 rounded-lg bg-zinc-100 dark:bg-zinc-800/60" />
      <div className="h-24 rounded-lg bg-zinc-100 dark:bg-zinc-800/60" />
    </div>
  );
}
