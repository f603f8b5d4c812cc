/** Which installed model an agent's turn runs on: preferred, else fallback (catalog ids map to an installed variant). */
import { OutpostError, type InstalledModel } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';

export interface ModelResolverDeps {
  /** An installed model id or a catalog model id → the usable installed model (CatalogService.installedModelFor). */
  installedModelFor(ref: string): Pick<InstalledModel, 'id'> | null;
}

export interface ResolvedModel {
  modelId: string;
  usingFallback: boolean;
}

export class ModelResolver {
  constructor(private readonly d: ModelResolverDeps) {}

  resolveRef(ref: string): string | null {
    return this.d.installedModelFor(ref)?.id ?? null;
  }

  /** The model a single agent would run on now, or null with neither preferred nor fallback installed. */
  tryResolve(agent: AgentDefinition): ResolvedModel | null {
    const preferred = this.resolveRef(agent.model.preferred);
    if (preferred) return { modelId: preferred, usingFallback: false };
    const fallback = agent.model.fallback ? this.resolveRef(agent.model.fallback) : null;
    return fallback ? { modelId: fallback, usingFallback: true } : null;
  }

  /** Like tryResolve, but a missing model is a typed `not_found` the chat screen turns into a call to action. */
  resolve(agent: AgentDefinition): ResolvedModel {
    const resolved = this.tryResolve(agent);
    if (resolved) return resolved;
    throw modelMissing(agent.id, agent.name, agent.model.preferred, agent.model.fallback);
  }

  /** A team's router model: no fallback, but the same id rules. */
  resolveRouter(team: AgentDefinition, routerModel: string): string {
    const id = this.resolveRef(routerModel);
    if (id) return id;
    throw modelMissing(team.id, team.name, routerModel, undefined, 'router model');
  }
}

export function modelMissing(
  agentId: string,
  agentName: string,
  modelId: string,
  fallback: string | undefined,
  what = 'model',
): OutpostError {
  const names = fallback ? `"${modelId}" (or its fallback "${fallback}")` : `"${modelId}"`;
  return new OutpostError(
    'not_found',
    `${agentName} needs the ${what} ${names}, which is not installed. Download it from the Catalog, ` +
      'or choose another model in the agent builder.',
    { reason: 'model_missing', agentId, modelId, fallbackModelId: fallback ?? null },
  );
}

export function membersMissingText(missing: readonly string[]): string {
  return `This team lists member agents that no longer exist: ${missing.join(', ')}. Edit the team in the agent builder.`;
}
