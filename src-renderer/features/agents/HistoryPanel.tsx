import { useCallback, useState } from 'react';
import type { AgentVersion } from '@contract';
import { getBridge } from '../../bridge';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { errorMessage } from '../../lib/errors';
import { agentsStore } from '../../stores/agentsStore';
import { builderStore } from './builderStore';
import { useLoaded } from './useLoaded';

/** Every saved version of the agent; restoring one saves it again as the newest version. */
export function HistoryPanel({ agentId, dirty }: { agentId: string; dirty: boolean }) {
  const load = useCallback(() => getBridge().request('agents.history', { id: agentId }), [agentId]);
  const history = useLoaded<AgentVersion[]>(load);
  const versions = history.data;
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? history.error;
  const [restoring, setRestoring] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);

  const restore = async (version: number) => {
    setConfirm(null);
    setRestoring(version);
    try {
      const agent = await agentsStore.getState().restore(agentId, version);
      builderStore.getState().loaded(agent, 'history');
      history.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRestoring(null);
    }
  };

  return (
    <Card title="Version history" description="Saving or restoring adds a version; nothing is overwritten.">
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {versions === null && !error && <p className="text-sm text-zinc-500">Loading…</p>}
      <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="agent-history">
        {[...(versions ?? [])]
          .sort((a, b) => b.version - a.version)
          .map((v) => (
            <li
              key={v.version}
              className="flex items-center gap-3 py-2"
              data-testid="agent-version"
              data-version={v.version}
            >
              <span className="w-10 font-mono text-sm">v{v.version}</span>
              <span className="min-w-0 flex-1 text-sm">
                <span className="font-medium">{v.definition.name}</span>
                <span className="ml-2 text-xs text-zinc-500">
                  {new Date(v.savedAt).toLocaleString()} · {v.definition.model.preferred} ·{' '}
                  {Object.keys(v.definition.tools).length} tools · prompt {v.definition.systemPrompt.length} chars
                </span>
              </span>
              {v.current ? (
                <Badge tone="success">current</Badge>
              ) : (
                <Button
                  data-testid="agent-version-restore"
                  disabled={restoring !== null}
                  onClick={() => (dirty ? setConfirm(v.version) : void restore(v.version))}
                >
                  {restoring === v.version ? 'Restoring…' : 'Restore'}
                </Button>
              )}
            </li>
          ))}
      </ol>
      <ConfirmDialog
        open={confirm !== null}
        title={`Restore version ${confirm ?? ''}?`}
        confirmLabel="Restore and discard edits"
        destructive
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm !== null && void restore(confirm)}
      >
        You have unsaved edits in the form. Restoring replaces them with version {confirm}.
      </ConfirmDialog>
    </Card>
  );
}
