import { useState } from 'react';
import { Banner } from '../../../components/Banner';
import { useAgentsStore } from '../../../stores/agentsStore';
import { AgentCard } from './AgentCard';
import { ImportAgents } from './ImportAgents';

/** Saved agents as cards, plus import; notices and failures of card actions show above the list. */
export function AgentList() {
  const agents = useAgentsStore((s) => s.agents);
  const loaded = useAgentsStore((s) => s.loaded);
  const error = useAgentsStore((s) => s.error);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const sorted = [...agents].sort((a, b) => a.definition.name.localeCompare(b.definition.name));

  return (
    <div className="space-y-4">
      <ImportAgents />
      {error && (
        <Banner level="error" title="Could not load the agents">
          {error.message}
        </Banner>
      )}
      {notice && <Banner level="info" title={notice} data-testid="agents-notice" onDismiss={() => setNotice(null)} />}
      {failure && (
        <Banner level="error" title="That did not work" data-testid="agents-error" onDismiss={() => setFailure(null)}>
          {failure}
        </Banner>
      )}
      {loaded && agents.length === 0 && !error && (
        <p className="text-sm text-zinc-500" data-testid="agents-empty">
          No agents yet. Create one, or import a JSON or YAML agent file.
        </p>
      )}
      <ul className="grid gap-3 sm:grid-cols-2" data-testid="agent-list">
        {sorted.map((agent) => (
          <AgentCard
            key={agent.definition.id}
            agent={agent}
            onNotice={(text) => {
              setFailure(null);
              setNotice(text);
            }}
            onError={(text) => {
              setNotice(null);
              setFailure(text);
            }}
          />
        ))}
      </ul>
    </div>
  );
}
