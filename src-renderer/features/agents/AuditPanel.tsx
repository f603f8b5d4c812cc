import { useCallback } from 'react';
import type { AuditRecord } from '@contract';
import { getBridge } from '../../bridge';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { RefreshIcon } from '../../components/icons';
import { formatBytes, formatDuration } from '../../lib/format';
import { useLoaded } from './useLoaded';

const DECISIONS: Record<AuditRecord['decision'], { label: string; tone: BadgeTone }> = {
  allow: { label: 'allowed', tone: 'success' },
  'ask-approved': { label: 'approved', tone: 'success' },
  'ask-denied': { label: 'denied by you', tone: 'warning' },
  deny: { label: 'denied by policy', tone: 'warning' },
  invalid: { label: 'invalid arguments', tone: 'danger' },
  unknown: { label: 'unknown tool', tone: 'danger' },
};

/** The agent's recent tool calls from the audit log: what ran, with which arguments, and how it ended. */
export function AuditPanel({ agentId }: { agentId: string }) {
  const load = useCallback(() => getBridge().request('tools.audit', { agentId, limit: 100 }), [agentId]);
  const { data: records, error, reload } = useLoaded<AuditRecord[]>(load);

  return (
    <Card
      title="Tool audit"
      description="The last 100 tool calls this agent made, newest first."
      actions={
        <Button variant="ghost" onClick={reload} aria-label="Refresh the audit log">
          <RefreshIcon size={14} />
        </Button>
      }
    >
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {records?.length === 0 && <p className="text-sm text-zinc-500">This agent has not called any tools yet.</p>}
      {records && records.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" data-testid="audit-table">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Time</th>
                <th className="py-1 pr-3 font-medium">Tool</th>
                <th className="py-1 pr-3 font-medium">Arguments</th>
                <th className="py-1 pr-3 font-medium">Decision</th>
                <th className="py-1 pr-3 font-medium">Outcome</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {records.map((r) => (
                <tr key={r.id} data-testid="audit-row">
                  <td className="py-1.5 pr-3 whitespace-nowrap">{new Date(r.startedAt).toLocaleString()}</td>
                  <td className="py-1.5 pr-3 font-mono">{r.tool}</td>
                  <td className="max-w-64 truncate py-1.5 pr-3 font-mono" title={r.argsJson}>
                    {r.argsJson}
                  </td>
                  <td className="py-1.5 pr-3">
                    <Badge tone={DECISIONS[r.decision].tone}>{DECISIONS[r.decision].label}</Badge>
                  </td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">
                    {r.outcome === 'ok' ? 'ok' : `${r.outcome}${r.errorCode ? ` (${r.errorCode})` : ''}`} ·{' '}
                    {formatBytes(r.resultBytes)} · {formatDuration(r.finishedAt - r.startedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
