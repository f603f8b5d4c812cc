import { useEffect } from 'react';
import { Select } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { agentsStore, useAgentsStore } from '../../stores/agentsStore';
import { EmbeddingCard } from './EmbeddingCard';
import { FactsCard } from './FactsCard';
import { GLOBAL_SCOPE, memoryStore, useMemoryStore } from './memoryStore';
import { RecallPreview } from './RecallPreview';

export function MemoryScreen() {
  useEffect(() => agentsStore.getState().startSync(), []);
  useEffect(() => memoryStore.getState().watch(), []);
  const agents = useAgentsStore((s) => s.agents);
  const scope = useMemoryStore((s) => s.scope);

  return (
    <Screen
      id="memory"
      title="Memory"
      description="What your agents remember across conversations: search, edit, pin, forget."
      actions={
        <label className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300">
          Scope
          <Select
            data-testid="memory-scope"
            value={scope}
            onChange={(e) => memoryStore.getState().setScope(e.target.value)}
          >
            <option value={GLOBAL_SCOPE}>Global facts (every agent)</option>
            {agents.map((a) => (
              <option key={a.definition.id} value={a.definition.id}>
                {a.definition.name}
              </option>
            ))}
          </Select>
        </label>
      }
    >
      <div className="grid gap-5">
        <FactsCard />
        {scope !== GLOBAL_SCOPE && <RecallPreview />}
        <EmbeddingCard />
      </div>
    </Screen>
  );
}
