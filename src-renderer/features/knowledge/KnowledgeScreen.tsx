import { useEffect, useState } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Screen } from '../../components/Screen';
import { BaseDetail } from './BaseDetail';
import { BaseList } from './BaseList';
import { CreateBaseCard } from './CreateBaseCard';
import { knowledgeStore, useKnowledgeStore } from './knowledgeStore';

export function KnowledgeScreen() {
  useEffect(() => knowledgeStore.getState().watch(), []);
  const bases = useKnowledgeStore((s) => s.bases);
  const loaded = useKnowledgeStore((s) => s.loaded);
  const error = useKnowledgeStore((s) => s.error);
  const selected = useKnowledgeStore((s) => s.bases.find((b) => b.id === s.selectedId) ?? null);
  const [creating, setCreating] = useState(false);
  const empty = loaded && bases.length === 0;

  return (
    <Screen
      id="knowledge"
      title="Knowledge"
      description="Your documents, indexed on this machine, for agents to answer from with numbered sources."
      actions={
        !empty &&
        !creating && (
          <Button variant="primary" data-testid="knowledge-new" onClick={() => setCreating(true)}>
            New knowledge base
          </Button>
        )
      }
    >
      <div className="space-y-5">
        {error && (
          <Banner
            level="error"
            title="Something went wrong"
            data-testid="knowledge-error"
            onDismiss={() => knowledgeStore.getState().clearError()}
          >
            {error.message}
          </Banner>
        )}
        {!loaded && <p className="text-sm text-zinc-500">Loading knowledge bases…</p>}
        {(empty || creating) && <CreateBaseCard onDone={empty ? null : () => setCreating(false)} />}
        {bases.length > 0 && (
          <div className="grid items-start gap-5 lg:grid-cols-[15rem_minmax(0,1fr)]">
            <BaseList />
            {selected && <BaseDetail key={selected.id} base={selected} />}
          </div>
        )}
      </div>
    </Screen>
  );
}
