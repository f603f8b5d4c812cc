import { useState } from 'react';
import type { StoredAgent } from '@contract';
import { getBridge } from '../../../bridge';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { errorMessage } from '../../../lib/errors';
import { agentsStore } from '../../../stores/agentsStore';

const plural = (n: number) => `${n} conversation${n === 1 ? '' : 's'}`;

/** Counts the agent's conversations first, so the question says exactly what will be deleted. */
export function DeleteAgentButton({
  agent,
  onDeleted,
  onError,
}: {
  agent: StoredAgent;
  onDeleted(text: string): void;
  onError(text: string): void;
}) {
  const [count, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const { id, name } = agent.definition;

  const ask = async () => {
    setBusy(true);
    try {
      setCount((await getBridge().request('conversations.list', { agentId: id })).length);
    } catch (error) {
      onError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      const deleted = await agentsStore.getState().remove(id);
      setCount(null);
      onDeleted(`Deleted “${name}” and ${plural(deleted)}`);
    } catch (error) {
      setCount(null);
      onError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="ghostDanger" data-testid="agent-delete" disabled={busy} onClick={() => void ask()}>
        Delete
      </Button>
      {count !== null && (
        <ConfirmDialog
          open
          title={`Delete “${name}”?`}
          confirmLabel={count ? `Delete agent and ${plural(count)}` : 'Delete agent'}
          destructive
          busy={busy}
          onCancel={() => setCount(null)}
          onConfirm={() => void remove()}
        >
          {count === 0
            ? 'The agent has no conversations. Its version history goes with it.'
            : `This also deletes its ${plural(count)}, with every message in them. Its version history goes with it.`}{' '}
          Export it first if you may want it back.
        </ConfirmDialog>
      )}
    </>
  );
}
