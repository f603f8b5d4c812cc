import { useEffect, useState } from 'react';
import type { NodeInfo } from '@contract';
import { getBridge } from '../../bridge';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { checkLine, HEALTH_TONE, tokensLine } from '../settings/nodeText';

const cell = 'px-2 py-1.5 text-right tabular-nums';

/**
 * Remote nodes next to local models: health, latency, requests, errors, tokens and tokens/s. It follows `nodes.*`
 * events (a finished request sends `nodes.changed` with the counts), never a polling refetch.
 */
export function NodesCard() {
  const [nodes, setNodes] = useState<NodeInfo[]>([]);
  useEffect(() => {
    const bridge = getBridge();
    void bridge.request('nodes.list', {}).then(setNodes, () => undefined);
    const offChanged = bridge.on('nodes.changed', setNodes);
    const offHealth = bridge.on('nodes.health', ({ nodeId, health }) =>
      setNodes((list) => list.map((n) => (n.id === nodeId ? { ...n, health } : n))),
    );
    return () => {
      offChanged();
      offHealth();
    };
  }, []);
  if (nodes.length === 0) return null;

  return (
    <Card
      title="Nodes"
      description="Inference servers on other machines (Settings → Nodes)."
      data-testid="dashboard-nodes"
    >
      <table className="w-full text-sm">
        <thead className="text-xs text-zinc-500 dark:text-zinc-400">
          <tr>
            <th className="px-2 py-1.5 text-left font-medium">Node</th>
            <th className="px-2 py-1.5 text-left font-medium">Health</th>
            <th className={`${cell} font-medium`}>Latency</th>
            <th className={`${cell} font-medium`}>Requests</th>
            <th className={`${cell} font-medium`}>Errors</th>
            <th className={`${cell} font-medium`}>Tokens</th>
            <th className={`${cell} font-medium`}>Tokens/s</th>
            <th className={`${cell} font-medium`}>Running</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {nodes.map((n) => (
            <tr key={n.id} data-testid={`dashboard-node-${n.id}`}>
              <td className="px-2 py-1.5">
                <span className="font-medium">{n.name}</span>
                <span className="block text-xs text-zinc-500">
                  {n.models.length} model{n.models.length === 1 ? '' : 's'}
                  {n.health.lastCheckAt !== null && ` · ${checkLine(n.health)}`}
                </span>
              </td>
              <td className="px-2 py-1.5">
                <Badge tone={HEALTH_TONE[n.health.state]}>
                  <span data-testid="dashboard-node-health" data-tone={HEALTH_TONE[n.health.state]}>
                    {n.enabled ? n.health.state : 'disabled'}
                  </span>
                </Badge>
              </td>
              <td className={cell}>{n.health.latencyMs === null ? '—' : `${Math.round(n.health.latencyMs)} ms`}</td>
              <td className={cell} data-testid="dashboard-node-requests">
                {n.health.requests}
              </td>
              <td className={cell} data-testid="dashboard-node-errors">
                {n.health.errors} ({Math.round(n.health.errorRate * 100)}%)
              </td>
              <td className={cell} data-testid="dashboard-node-tokens">
                {tokensLine(n.health)}
              </td>
              <td className={cell} data-testid="dashboard-node-speed">
                {n.health.tokensPerSecond === null ? '—' : n.health.tokensPerSecond.toFixed(1)}
              </td>
              <td className={cell}>{n.health.inFlight}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
