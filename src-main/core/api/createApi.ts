/** Wires the API server and the MCP client from core's services (called once by createCore). */
import type { Database } from 'better-sqlite3';
import type { InstalledModel, LoadedModel, Settings } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import type { ModelResolver } from '../chat/modelResolver';
import type { RuntimeBase } from '../chat/turnRunner';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import { McpConfigStore } from '../mcp/mcpConfigStore';
import { McpManager } from '../mcp/mcpManager';
import { mcpClientServices } from '../mcp/mcpSampler';
import { GrantedFolders } from '../tools/grantedFolders';
import type { Clock, EventSink, Logger } from '../ports';
import type { ToolRegistry } from '../tools/toolRegistry';
import { resolveTurnTarget } from '../chat/turnTarget';
import { prepareAgentCompletion } from './agentCompletions';
import { ApiService, type ApiServiceDeps } from './apiService';
import type { EmbeddingsPort } from './embeddingsRoute';
import { prepareTextCompletion } from './legacyCompletions';
import { prepareModelCompletion } from './modelCompletions';

export interface ApiWiring {
  db: Database;
  settings: { get(): Settings; set(patch: Partial<Settings>): Settings };
  events: EventSink;
  logger: Logger;
  clock: Clock;
  installed: () => readonly InstalledModel[];
  lifecycle: Pick<ModelLifecycle, 'generate' | 'list'>;
  agents: {
    find(id: string): { definition: AgentDefinition } | null;
    list(): readonly { definition: AgentDefinition; createdAt: number }[];
  };
  models: ModelResolver;
  runtime: RuntimeBase;
  toolRegistry: ToolRegistry;
  embeddings?: () => EmbeddingsPort | null;
  /** See McpManagerDeps.revokeGrants. */
  revokeMcpGrants?: (toolNames: readonly string[]) => void;
  /** Outpost's MCP server endpoint, mounted at `/mcp`. */
  mcpEndpoint?: (request: Request) => Promise<Response>;
  /** `POST /v1/jobs/{id}/runs` (core/jobs). */
  jobRuns?: ApiServiceDeps['jobRuns'];
}

export function createApi(w: ApiWiring): { api: ApiService; mcp: McpManager } {
  const runnable = (agent: AgentDefinition) => {
    try {
      resolveTurnTarget({ agents: w.agents, models: w.models }, agent);
      return true;
    } catch {
      return false;
    }
  };
  const api = new ApiService({
    db: w.db,
    settings: w.settings,
    events: w.events,
    logger: w.logger,
    clock: w.clock,
    installed: w.installed,
    loaded: (): LoadedModel[] => w.lifecycle.list(),
    // An agent whose model is not installed cannot answer, so it is not offered as a model.
    agents: () =>
      w.agents
        .list()
        .filter((a) => runnable(a.definition))
        .map((a) => ({ id: a.definition.id, createdAt: a.createdAt })),
    prepareModel: (body) => prepareModelCompletion({ installed: w.installed, lifecycle: w.lifecycle }, body),
    prepareText: (body) => prepareTextCompletion({ installed: w.installed, lifecycle: w.lifecycle }, body),
    prepareAgent: (body) =>
      prepareAgentCompletion(
        {
          agents: w.agents,
          models: w.models,
          runtime: w.runtime,
          allowAskTools: () => w.settings.get().apiAllowAskTools,
          clock: w.clock,
        },
        body,
      ),
    embeddings: w.embeddings ?? (() => null),
    mcp: w.mcpEndpoint,
    jobRuns: w.jobRuns,
  });
  const mcp = new McpManager({
    store: new McpConfigStore(w.db, () => w.clock.now()),
    services: mcpClientServices({
      agents: w.agents,
      models: w.models,
      generate: (request, options) => w.lifecycle.generate(request, options),
      grants: new GrantedFolders(w.db, () => w.clock.now()),
    }),
    registry: w.toolRegistry,
    events: w.events,
    logger: w.logger,
    revokeGrants: w.revokeMcpGrants,
  });
  return { api, mcp };
}
