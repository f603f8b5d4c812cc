/** Local OpenAI-compatible API + MCP client (core/api, core/mcp). Agents over the API run the same runtime as chat. */
import { createApi } from '../api/createApi';
import { embeddingsPort } from '../api/embeddingsPort';
import type { JobService } from '../jobs/jobService';
import { revokeToolGrants } from '../mcp/revokeToolGrants';
import { outpostMcpDeps, outpostMcpEndpoint, type OutpostMcpWiring } from '../mcp/server/outpostMcpEndpoint';
import type { OutpostMcpDeps } from '../mcp/server/outpostMcpServer';
import type { AgentsPart } from './agents';
import type { ChatPart } from './chat';
import type { CoreBase } from './coreBase';
import type { MemoryPart } from './memory';
import type { ModelsPart } from './models';

export type ApiPart = ReturnType<typeof createApi> & {
  /** Outpost's MCP server for a stdio entry that runs this core itself (`npm run mcp`, embedded mode). */
  mcpServer: OutpostMcpDeps;
};

export async function composeApi(
  base: CoreBase,
  parts: { models: ModelsPart; agents: AgentsPart; memory: MemoryPart; chat: ChatPart; jobs: JobService },
): Promise<ApiPart> {
  const { settings, logger } = base;
  const { agents, conversations } = parts.agents;
  const { chat } = parts.chat;
  const mcpWiring: OutpostMcpWiring = { agents, chat, conversations, logger, version: base.ports.host.appVersion };
  const { api, mcp } = createApi({
    db: base.db,
    settings,
    events: base.events,
    logger,
    clock: base.clock,
    installed: () => parts.models.registry.list(),
    lifecycle: parts.models.lifecycle,
    agents,
    models: parts.agents.agentModels,
    runtime: parts.chat.runtime,
    toolRegistry: parts.agents.toolRegistry,
    embeddings: () => embeddingsPort(parts.memory.memory, parts.memory.embeddings),
    revokeMcpGrants: (names) => revokeToolGrants(agents, names),
    jobRuns: (jobId) => parts.jobs.runFromApi(jobId),
    // Outpost as an MCP server at /mcp: agents as tools, run as chat turns (approvals show in the app).
    mcpEndpoint: outpostMcpEndpoint(mcpWiring),
  });
  settings.onChange(() => void api.apply());
  // In the background: a slow or hanging MCP server never delays the UI (state arrives as mcp.changed).
  mcp.startAll();
  await api.apply();
  base.timings.mark('api + mcp + jobs');
  return { api, mcp, mcpServer: outpostMcpDeps(mcpWiring) };
}
