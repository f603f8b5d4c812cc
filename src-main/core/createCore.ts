import type { ApiEnableResult } from '@contract';
import type { ServeConfig } from './api/apiService';
import { composeAgents } from './compose/agents';
import { composeApi } from './compose/api';
import { composeBase } from './compose/coreBase';
import { composeChat } from './compose/chat';
import { composeHandlers } from './compose/handlers';
import { composeInference } from './compose/inference';
import { composeJobs } from './compose/jobs';
import { composeKnowledge } from './compose/knowledge';
import { composeMemory } from './compose/memory';
import { composeModels } from './compose/models';
import { composeMonitoring } from './compose/monitoring';
import { composeNodes } from './compose/nodes';
import { composeUpdates } from './compose/updates';
import type { DeliverEvent, EventClient } from './events/eventHub';
import type { OutpostMcpDeps } from './mcp/server/outpostMcpServer';
import type { CorePorts } from './ports';
import { dispatch, type DispatchRequest } from './rpc/dispatch';
import type { HandlerContext, Handlers } from './rpc/handlerTypes';

export { DATABASE_FILE_NAME } from './compose/coreBase';

export interface Core {
  handlers: Handlers;
  /** Validates and runs one request; what every transport calls. */
  dispatch(request: DispatchRequest, ctx: HandlerContext): ReturnType<typeof dispatch>;
  /** A transport's client (a socket, a window): it receives the events of the topics it subscribes to. */
  connect(deliver: DeliverEvent): EventClient;
  dispose(): Promise<void>;
  /** The file behind a one-time knowledge download path (headless "open file"), or null. */
  redeemDownload(urlPath: string): string | null;
  /** `--serve`: the API on the given interface, allow-list and key until the process ends (see core/api). */
  serveApi(config: ServeConfig): Promise<ApiEnableResult>;
  /** Outpost's MCP server (agents as tools) for `npm run mcp` when it runs this core itself (stdio). */
  mcpServer: OutpostMcpDeps;
}

/**
 * Composition root: ports in, handlers out. Runs under plain Node and inside Electron's main.
 * Each step wires one domain (see core/compose); the order is the order dependencies exist in.
 */
export async function createCore(ports: CorePorts): Promise<Core> {
  const base = composeBase(ports);
  const engine = composeInference(base);
  const models = await composeModels(base, engine);
  const nodes = composeNodes(base, models);
  const agents = composeAgents(base, models, nodes);
  const memory = composeMemory(base, models, agents);
  const chat = composeChat(base, { models, nodes, agents, memory });
  const knowledge = composeKnowledge(base, { agents, memory, chat });
  const monitoring = composeMonitoring(base, engine, models);
  const jobs = composeJobs(base, { models, agents, chat });
  const { api, mcp, mcpServer } = await composeApi(base, { models, agents, memory, chat, jobs });
  const updates = composeUpdates(base);
  const domains = {
    engine,
    models,
    nodes,
    agents,
    memory,
    chat,
    knowledge,
    monitoring,
    jobs,
    api: { api, mcp, mcpServer },
    updates,
  };
  const handlers = composeHandlers(base, domains);
  jobs.start();
  base.timings.mark('handlers');

  let disposed = false;
  return {
    handlers,
    dispatch: (request, ctx) => dispatch(handlers, request, ctx, base.logger),
    redeemDownload: (urlPath) => knowledge.services.fileLinks.redeem(urlPath),
    serveApi: (config) => api.serve(config),
    mcpServer,
    connect: (deliver) => base.events.connect(deliver),
    // Consumers stop before what they use: turns before the engine, knowledge and memory before the embeddings worker.
    async dispose() {
      if (disposed) return;
      disposed = true;
      models.stopIdleUnload();
      await monitoring.dispose();
      await nodes.checks.stop();
      await api.dispose();
      await mcp.dispose();
      await jobs.dispose();
      await chat.chat.dispose();
      await models.downloads.dispose();
      await updates.dispose();
      await engine.dispose();
      await knowledge.dispose();
      await memory.memory.dispose();
      await memory.embeddings?.dispose();
      base.close();
    },
  };
}
