/** Can this agent answer right now? Resolves its model refs and, for a team, its members. */
import type { AgentReadiness, InstalledModel } from '@contract';
import type { AgentDefinition } from './agentSchema';

export interface ReadinessDeps {
  /** An installed model id or catalog id → the installed model, or null. */
  installedModelFor(ref: string): Pick<InstalledModel, 'id'> | null;
  agentExists(id: string): boolean;
}

export function agentReadiness(agent: AgentDefinition, deps: ReadinessDeps): AgentReadiness {
  const base = { agentId: agent.id };
  if (agent.kind === 'team' && agent.team) {
    const missing = agent.team.members.filter((m) => !deps.agentExists(m.agentId)).map((m) => m.agentId);
    if (missing.length > 0) {
      return {
        ...base,
        modelId: null,
        usingFallback: false,
        problem: 'member_missing',
        message: `This team's member agent${missing.length > 1 ? 's' : ''} ${missing.join(', ')} no longer exist${
          missing.length > 1 ? '' : 's'
        }. Edit the team in the agent builder.`,
      };
    }
    const router = deps.installedModelFor(agent.team.routerModel);
    if (!router) return modelMissing(agent.id, agent.team.routerModel, 'router model');
    return { ...base, modelId: router.id, usingFallback: false, problem: null, message: null };
  }
  const preferred = deps.installedModelFor(agent.model.preferred);
  if (preferred) return { ...base, modelId: preferred.id, usingFallback: false, problem: null, message: null };
  const fallback = agent.model.fallback ? deps.installedModelFor(agent.model.fallback) : null;
  if (fallback) return { ...base, modelId: fallback.id, usingFallback: true, problem: null, message: null };
  return modelMissing(agent.id, agent.model.preferred, 'model');
}

function modelMissing(agentId: string, ref: string, what: string): AgentReadiness {
  return {
    agentId,
    modelId: null,
    usingFallback: false,
    problem: 'model_missing',
    message: `This agent's ${what} "${ref}" is not installed. Download it from the Catalog or choose another model in the agent builder.`,
  };
}
