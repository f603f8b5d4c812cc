import type { ProcessSample } from '@contract';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Card } from '../../components/Card';
import { formatBytes } from '../../lib/format';
import { useMonitoringStore } from './monitoringStore';

const STATE: Record<ProcessSample['state'], { label: string; tone: BadgeTone }> = {
  running: { label: 'Running', tone: 'success' },
  starting: { label: 'Starting', tone: 'accent' },
  restarting: { label: 'Restarting', tone: 'warning' },
  stopped: { label: 'Not running', tone: 'neutral' },
  'not-reported': { label: 'Not reported', tone: 'neutral' },
};

const th = 'px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 text-sm tabular-nums text-zinc-800 dark:text-zinc-200';

function memory(p: ProcessSample): string {
  if (p.rssBytes !== null) return formatBytes(p.rssBytes);
  if (p.jsHeapBytes !== null) return `${formatBytes(p.jsHeapBytes)} JS heap`;
  return '—';
}

// One shared empty list: a fresh [] per call would make the store selector loop forever.
const NO_PROCESSES: ProcessSample[] = [];

/** Outpost's own processes: main, the inference worker, the interface. */
export function ProcessTable() {
  const processes = useMonitoringStore((s) => s.sample?.processes ?? NO_PROCESSES);
  return (
    <Card
      title="Outpost processes"
      description="Resident memory and CPU per process (100% = one core)."
      data-testid="process-table"
    >
      <div className="-mx-3 overflow-x-auto">
        <table className="w-full">
          <thead>
            <tr>
              <th className={th}>Process</th>
              <th className={th}>PID</th>
              <th className={th}>State</th>
              <th className={th}>Memory</th>
              <th className={th}>CPU</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {processes.map((p) => (
              <tr
                key={`${p.role}-${p.pid ?? p.label}`}
                data-testid="process-row"
                data-role={p.role}
                data-state={p.state}
              >
                <td className={td}>
                  <p className="font-medium">{p.label}</p>
                  {p.note && <p className="text-xs text-zinc-500 dark:text-zinc-400">{p.note}</p>}
                </td>
                <td className={td} data-testid="process-pid">
                  {p.pid ?? '—'}
                </td>
                <td className={td}>
                  <Badge tone={STATE[p.state].tone}>{STATE[p.state].label}</Badge>
                </td>
                <td className={td} data-testid="process-memory">
                  {memory(p)}
                </td>
                <td className={td}>{p.cpuPercent === null ? '—' : `${p.cpuPercent.toFixed(0)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
