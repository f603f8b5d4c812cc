import type { NodeInfo } from '@contract';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { capabilityLine, checkLine, HEALTH_TONE, healthLine } from './nodeText';

export interface NodeRowProps {
  node: NodeInfo;
  busy: boolean;
  testResult: string | null;
  onTest(): void;
  onDiscover(): void;
  onToggle(): void;
  onRemove(): void;
}

/** One node: name, URL, kind, health, discovered models with probed capabilities, and its actions. */
export function NodeRow({ node, busy, testResult, onTest, onDiscover, onToggle, onRemove }: NodeRowProps) {
  const h = node.health;
  return (
    <li className="py-2 text-sm" data-testid={`node-${node.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{node.name}</span>
        <Badge tone={HEALTH_TONE[h.state]}>
          <span data-testid="node-health" data-tone={HEALTH_TONE[h.state]}>
            {h.state}
          </span>
        </Badge>
        <Badge>{node.kind === 'lan' ? 'LAN' : 'Internet'}</Badge>
        {!node.enabled && <Badge tone="warning">Disabled</Badge>}
        {node.kind === 'lan' && node.allowInOffline && <Badge tone="accent">Allowed offline</Badge>}
        {node.hasApiKey && <Badge>Key set</Badge>}
        <span className="truncate font-mono text-xs text-zinc-500">{node.baseUrl}</span>
        <span className="ml-auto flex gap-1">
          <Button variant="ghost" data-testid="node-test" disabled={busy} onClick={onTest}>
            Test connection
          </Button>
          <Button variant="ghost" disabled={busy} onClick={onDiscover}>
            Discover models
          </Button>
          <Button variant="ghost" disabled={busy} onClick={onToggle}>
            {node.enabled ? 'Disable' : 'Enable'}
          </Button>
          <Button variant="ghostDanger" disabled={busy} onClick={onRemove}>
            Remove
          </Button>
        </span>
      </div>
      <p className="text-xs text-zinc-500">
        {healthLine(h)}
        {h.lastCheckAt !== null && <span data-testid="node-last-check"> · {checkLine(h)}</span>}
      </p>
      {testResult && (
        <p className="text-xs" data-testid="node-test-result">
          {testResult}
        </p>
      )}
      {h.lastError && <p className="text-xs text-red-600 dark:text-red-400">Last error: {h.lastError}</p>}
      {node.models.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="node-models">
          {node.models.map((m) => (
            <li key={m.id}>
              <span className="font-mono">{m.id}</span>
              {m.contextSize !== null && ` · ${m.contextSize.toLocaleString()} tokens`} ·{' '}
              {capabilityLine(m.capabilities)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
