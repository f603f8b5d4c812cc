/**
 * What a turn runs on: a single agent's installed model, or a team's members and router model. The one place
 * team members are resolved: chat, the API's `agent:` models and background jobs all call it.
 */
import { OutpostError } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import { membersMissingText, type ModelResolver } from './modelResolver';

export type TurnTarget =
  { kind: 'single'; modelId: string } | { kind: 'team'; members: AgentDefinition[]; routerModelId: string };

export interface TargetDeps {
  agents: { find(id: string): { definition: AgentDefinition } | null };
  models: ModelResolver;
}

/** Throws `not_found` (details.reason `model_missing` or `member_missing`) before anything is written. */
export function resolveTurnTarget(d: TargetDeps, agent: AgentDefinition): TurnTarget {
  if (agent.kind !== 'team' || !agent.team) return { kind: 'single', modelId: d.models.resolve(agent).modelId };
  return {
    kind: 'team',
    members: teamMembers(d, agent),
    routerModelId: d.models.resolveRouter(agent, agent.team.routerModel),
  };
}

/** A team's member definitions in team order; a missing (or team-kind) member is `not_found` naming them all. */
export function teamMembers(d: Pick<TargetDeps, 'agents'>, team: AgentDefinition): AgentDefinition[] {
  const members: AgentDefinition[] = [];
  const missing: string[] = [];
  for (const { agentId } of team.team?.members ?? []) {
    const member = d.agents.find(agentId)?.definition;
    // A team inside a team would route twice; the builder only offers single agents as members.
    if (member && member.kind === 'single') members.push(member);
    else missing.push(agentId);
  }
  if (missing.length > 0) {
    throw new OutpostError('not_found', membersMissingText(missing), {
      reason: 'member_missing',
      agentId: team.id,
      missing,
    });
  }
  return members;
}
