import type { HealthRow } from '@contract';
import { Card } from '../../components/Card';
import { cx } from '../../components/cx';
import { useMonitoringStore } from './monitoringStore';

const th = 'px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400 whitespace-nowrap';
const td = 'px-3 py-2 text-sm tabular-nums text-zinc-800 dark:text-zinc-200 whitespace-nowrap';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const ms = (v: number | null) => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const tps = (v: number | null) => (v === null ? '—' : v.toFixed(1));

function rateTone(rate: number | null): string {
  if (rate === null) return '';
  return rate >= 0.95
    ? 'text-emerald-700 dark:text-emerald-400'
    : rate >= 0.8
      ? 'text-amber-700 dark:text-amber-400'
      : 'text-red-700 dark:text-red-400';
}

function HealthRows({ rows, kind }: { rows: HealthRow[]; kind: 'agent' | 'model' }) {
  return (
    <div className="-mx-3 overflow-x-auto">
      <table className="w-full">
        <thead>
          <tr>
            <th className={th}>{kind === 'agent' ? 'Agent' : 'Model'}</th>
            <th className={th}>Requests</th>
            <th className={th}>Success</th>
            <th className={th}>Errors</th>
            <th className={th}>TTFT p50 / p95</th>
            <th className={th}>tok/s p50</th>
            <th className={th}>{kind === 'agent' ? 'Tool calls (ok)' : 'Function calls'}</th>
            {kind === 'agent' && <th className={th}>Background runs (ok)</th>}
            <th className={th}>Last error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.key} data-testid={`health-${kind}-row`} data-key={r.key}>
              <td className={`${td} max-w-56 truncate font-medium`} title={r.key}>
                {r.label}
              </td>
              <td className={td}>
                {r.requests}
                {r.cancelled > 0 && <span className="text-xs text-zinc-500"> ({r.cancelled} stopped)</span>}
              </td>
              <td className={cx(td, rateTone(r.successRate))} data-testid="health-success">
                {pct(r.successRate)}
              </td>
              <td className={td}>
                {r.errorKinds.length === 0 ? '—' : r.errorKinds.map((k) => `${k.code} ×${k.count}`).join(', ')}
              </td>
              <td className={td}>
                {ms(r.ttftP50Ms)} / {ms(r.ttftP95Ms)}
              </td>
              <td className={td}>{tps(r.tokensPerSecondP50)}</td>
              <td className={td}>
                {r.toolCalls === 0
                  ? '—'
                  : kind === 'agent'
                    ? `${r.toolCalls} (${pct(r.toolSuccessRate)})`
                    : r.toolCalls}
              </td>
              {kind === 'agent' && (
                <td className={cx(td, rateTone(r.backgroundSuccessRate))} data-testid="health-background">
                  {r.backgroundRuns === 0 ? '—' : `${r.backgroundRuns} (${pct(r.backgroundSuccessRate)})`}
                </td>
              )}
              <td className={td}>
                {r.lastError ? `${r.lastError.code}, ${new Date(r.lastError.at).toLocaleTimeString()}` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per agent and per model, from the stored request metrics and tool audit of the last 24 h. */
export function HealthTable() {
  const health = useMonitoringStore((s) => s.health);
  const error = useMonitoringStore((s) => s.healthError);
  return (
    <Card
      title="Agent health"
      description="Last 24 hours, from every stored request and tool call."
      data-testid="health-table"
    >
      {error && <p className="mb-3 text-sm text-red-600 dark:text-red-400">Could not read health: {error}</p>}
      {!health ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Reading…</p>
      ) : health.agents.length === 0 && health.models.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="health-empty">
          No requests in the last 24 hours. Chat with an agent or send a test prompt and its health shows here.
        </p>
      ) : (
        <div className="space-y-5">
          <HealthRows rows={health.agents} kind="agent" />
          <div>
            <h3 className="mb-1 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              By model
            </h3>
            <HealthRows rows={health.models} kind="model" />
          </div>
        </div>
      )}
    </Card>
  );
}
