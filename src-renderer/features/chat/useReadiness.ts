import { useEffect, useState } from 'react';
import type { AgentReadiness } from '@contract';
import { getBridge } from '../../bridge';
import { useAgentsStore } from '../../stores/agentsStore';
import { useModelsStore } from '../../stores/modelsStore';

/** Whether the agent can answer now; asked again when agents or installed models change. */
export function useReadiness(agentId: string | null): AgentReadiness | null {
  const agents = useAgentsStore((s) => s.agents);
  const models = useModelsStore((s) => s.models);
  const [readiness, setReadiness] = useState<AgentReadiness | null>(null);

  useEffect(() => {
    if (!agentId) return;
    let current = true;
    getBridge()
      .request('agents.readiness', { id: agentId })
      .then(
        (result) => current && setReadiness(result),
        // Unknown readiness shows no banner; a send then reports the exact problem.
        () => current && setReadiness(null),
      );
    return () => {
      current = false;
    };
  }, [agentId, agents, models]);

  return readiness?.agentId === agentId ? readiness : null;
}
