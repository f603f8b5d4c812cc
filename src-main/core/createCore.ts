import os from 'node:os';
import path from 'node:path';
import type { ApiEnableResult, AppNotice } from '@contract';
import { CatalogService, HF_TOKEN, hfAuthHeader } from './catalog/catalogService';
import { CredentialStore } from './catalog/credentialStore';
import { DownloadManager } from './downloads/downloadManager';
import { createHandlers } from './handlers';
import { createApi } from './api/createApi';
import type { ServeConfig } from './api/apiService';
import { embeddingsPort } from './api/embeddingsPort';
import { ModelResolver } from './chat/modelResolver';
import { ToolExecutor } from './tools/toolExecutor';
import { ChatService } from './chat/chatService';
import type { RuntimeBase } from './chat/turnRunner';
import { AgentStore } from './agents/agentStore';
import { revokeToolGrants } from './mcp/revokeToolGrants';
import { outpostMcpEndpoint } from './mcp/server/outpostMcpEndpoint';
import { installTemplates } from './agents/templates';
import { ConversationStore } from './conversations/conversationStore';
import { EventHub, type DeliverEvent, type EventClient } from './events/eventHub';
import { createBuiltinRegistry, createToolStores } from './tools/builtin';
import { ToolAuditLog } from './tools/auditLog';
import { EmbeddingsClient } from './embeddings/embeddingsClient';
import { EmbeddingRouter } from './chat/embeddingRouter';
import { createInferenceEngine } from './inference/inferenceClient';
import { embeddingGgufModels } from './memory/embeddingModels';
import { extractMemories } from './memory/extractMemories';
import { MemoryService } from './memory/memoryService';
import { createJobs } from './jobs/createJobs';
import { createKnowledge } from './knowledge/createKnowledge';
import { createSearchKnowledgeTool } from './knowledge/searchKnowledgeTool';
import { ModelLifecycle } from './lifecycle/modelLifecycle';
import { RequestMetricsStore } from './lifecycle/requestMetricsStore';
import { ModelRegistry, modelsDirFor } from './models/modelRegistry';
import { createMonitoring } from './monitoring/createMonitoring';
import { TokenMeter } from './monitoring/tokenMeter';
import { NetworkGuard, guardGlobalFetch } from './net/networkGuard';
import { createNodes } from './nodes/createNodes';
import { systemClock, type CorePorts, type Logger } from './ports';
import { dispatch, type DispatchRequest } from './rpc/dispatch';
import type { HandlerContext, Handlers } from './rpc/handlerTypes';
import { SettingsService } from './settings/settingsService';
import { DiskReserve } from './storage/diskReserve';
import { openDatabase } from './storage/openDatabase';
import { migrations } from './storage/schema';
import { createSystemProbe } from './system/systemSnapshot';
import { UpdateService } from './updates/updateService';
import { StartupTimings } from './lib/startupTimings';

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
}

export const DATABASE_FILE_NAME = 'outpost.db';

/** Replies left 'streaming' by the last run are closed; a failure (a full disk past the reserve) must not stop start-up. */
function recoverInterruptedReplies(conversations: ConversationStore, logger: Logger): void {
  try {
    const interrupted = conversations.recoverInterrupted();
    if (interrupted > 0) logger.warn('replies interrupted by the last shutdown marked incomplete', { interrupted });
  } catch (error) {
    logger.error('could not close replies interrupted by the last shutdown', { error: String(error) });
  }
}
const IDLE_CHECK_MS = 30_000;
const promptCacheBytes = (settings: { promptCacheMegabytes: number }) => settings.promptCacheMegabytes * 1024 * 1024;

/** Composition root: ports in, handlers out. Runs under plain Node and inside Electron's main. */
export async function createCore(ports: CorePorts): Promise<Core> {
  const clock = ports.clock ?? systemClock;
  const now = () => clock.now();
  const { logger } = ports;
  const timings = ports.startup ?? new StartupTimings();
  timings.mark('core modules');
  const dbFile = path.join(ports.paths.dataDir, DATABASE_FILE_NAME);
  const { db, recovery } = openDatabase(dbFile, migrations, logger, now, ports.sqlite);
  const notices: AppNotice[] = recovery ? [recovery] : [];
  timings.mark('database + migrations');

  const tokens = new TokenMeter(now);
  // Outward only: clients get the topics they subscribed to; nothing in core listens here.
  const events = new EventHub(logger, ports.events);
  const settings = new SettingsService(db, dbFile, events, logger, now);
  let currentBackend = settings.get().inferenceBackend;
  const promptCacheDir = path.join(ports.paths.dataDir, 'prompt-cache');

  const engine = createInferenceEngine({
    spawner: ports.spawner,
    workerPath: ports.workers.inference.modulePath,
    execArgv: ports.workers.inference.execArgv,
    logger,
    backend: currentBackend,
    clock,
    promptCache: () => ({ dir: promptCacheDir, budgetBytes: promptCacheBytes(settings.get()) }),
  });
  engine.onStatus((status) => events.emit('inference.status', status));
  let currentPromptCacheBytes = promptCacheBytes(settings.get());
  settings.onChange((next) => {
    if (promptCacheBytes(next) !== currentPromptCacheBytes) {
      currentPromptCacheBytes = promptCacheBytes(next);
      void engine.promptCache?.(currentPromptCacheBytes).catch((error: unknown) => {
        logger.warn('prompt cache budget not applied', { error: String(error) });
      });
    }
    if (next.inferenceBackend === currentBackend) return;
    currentBackend = next.inferenceBackend;
    void engine
      .setBackend(currentBackend)
      .catch((error: unknown) => logger.error('backend switch failed', { error: String(error) }));
  });
  const registry = new ModelRegistry(db, dbFile, modelsDirFor(ports.paths.dataDir), logger, now);
  await registry.scan().catch((error: unknown) => logger.error('model scan failed', { error: String(error) }));
  timings.mark('model scan');
  const lifecycle = new ModelLifecycle({
    engine,
    models: registry,
    settings: () => settings.get(),
    totalRamBytes: ports.totalRamBytes ?? (() => os.totalmem()),
    metrics: new RequestMetricsStore(db, logger),
    events,
    logger,
    clock,
  });
  lifecycle.onTokens((count) => tokens.add(count));
  const credentials = new CredentialStore(db, dbFile, now);
  // Every outbound request goes through the guard, tagged with why it is made (see core/net).
  const network = new NetworkGuard({
    fetchImpl: ports.fetch ?? globalThis.fetch,
    isOffline: () => settings.get().offlineMode,
    logger,
    clock,
  });
  const unguardGlobalFetch = ports.guardGlobalFetch ? guardGlobalFetch(network) : () => undefined;
  const catalog: CatalogService = new CatalogService({
    catalogFile: ports.catalogFile ?? path.join(ports.paths.resourcesDir, 'catalog.json'),
    embeddingsDir: path.join(ports.paths.dataDir, 'embeddings'),
    registry,
    lifecycle,
    engine,
    downloads: (): DownloadManager => downloads,
    credentials,
    fetchImpl: network.fetchFor('hf-search'),
    logger,
  });
  const downloads: DownloadManager = new DownloadManager({
    db,
    dbFile,
    partialDir: path.join(registry.modelsDir, '.downloads'),
    logger,
    clock,
    emit: (download) => {
      events.emit('downloads.progress', download);
      if (download.state === 'done') events.emit('models.changed', registry.list());
    },
    fetchImpl: network.fetchFor('download'),
    maxConcurrent: () => settings.get().maxConcurrentDownloads,
    authHeaderFor: (url) => hfAuthHeader(url, credentials.get(HF_TOKEN)),
    finalize: (download, verifiedPath) => catalog.finalize(download, verifiedPath),
  });
  await downloads.restore();
  timings.mark('catalog + downloads');

  // Remote inference nodes and pools (core/nodes): agents reach them through the router, local ids pass through.
  const {
    nodes,
    router,
    usage: remoteUsage,
    checks: nodeChecks,
  } = createNodes({
    db,
    dbFile,
    secrets: credentials,
    fetchFor: (purpose) => network.fetchFor(purpose),
    healthCheckSeconds: () => settings.get().nodeHealthCheckSeconds,
    local: lifecycle,
    events,
    clock,
    logger,
  });

  const agents = new AgentStore(db, dbFile, clock);
  installTemplates(agents);
  const reserve = new DiskReserve(ports.paths.dataDir, logger);
  const conversations = new ConversationStore({ db, dbFile, clock, reserve });
  recoverInterruptedReplies(conversations, logger);
  timings.mark('nodes + agents + conversations');
  reserve.ensure(); // after recovery: on a full disk the old reserve may just have been spent on it
  const toolStores = createToolStores(db, now);
  const toolRegistry = createBuiltinRegistry(toolStores);
  const audit = new ToolAuditLog(db);
  // Preferred → fallback model, catalog ids → an installed variant; shared by chat and the API's agent runs.
  const agentModels = new ModelResolver({
    installedModelFor: (ref) => (nodes.knows(ref) ? { id: ref } : catalog.installedModelFor(ref)),
  });
  // One runtime base for chat and the API's agent runs.
  const agentRuntime: RuntimeBase = {
    lifecycle: router,
    remoteUsage,
    // One executor per turn: it takes that turn's approval channel (chat.approval / chat.respond).
    executorFor: (requestApproval) => new ToolExecutor({ registry: toolRegistry, audit, logger, now, requestApproval }),
    registry: toolRegistry,
    facts: toolStores.facts,
    logger,
    clock,
    // Teams routed by embeddings use the memory's embedding model (memory and embeddings are set up below).
    routerEmbeddings: new EmbeddingRouter({
      modelKey: () => (embeddings ? (memory.embedder()?.spec.key ?? null) : null),
      embed: (texts, signal) => {
        const active = memory.embedder();
        if (!embeddings || !active) throw new Error('No embedding model is available for routing');
        return embeddings.embed(active.spec, texts, signal);
      },
    }),
  };
  const chat = new ChatService({
    agents,
    conversations,
    models: agentModels,
    runtime: agentRuntime,
    events,
    logger,
    clock,
    afterTurn: ({ agent, conversationId }) => {
      if (!agent.memory.enabled || !agent.memory.autoExtract) return;
      // Background and bounded: a slow extraction must never hold up the next message.
      void extractMemories(agent, conversations.messages(conversationId), lifecycle, {
        facts: toolStores.facts,
        conversationId,
        signal: AbortSignal.timeout(120_000),
        logger,
        memory,
      })
        .then((result) => {
          if (result.error)
            logger.warn('memory extraction gave nothing usable', { agentId: agent.id, error: result.error });
        })
        .catch((error: unknown) =>
          logger.warn('memory extraction failed', { agentId: agent.id, error: String(error) }),
        );
    },
  });
  const embeddings = ports.workers.embeddings
    ? new EmbeddingsClient({ spawner: ports.spawner, worker: ports.workers.embeddings, logger, clock })
    : null;
  const memory = new MemoryService({
    db,
    facts: toolStores.facts,
    embeddings,
    embeddingsDir: path.join(ports.paths.dataDir, 'embeddings'),
    ggufModels: () => embeddingGgufModels(registry.list()),
    onStatus: (status) => events.emit('memory.status', status),
    onChanged: (agentId) => events.emit('memory.changed', { agentId }),
    logger,
    clock,
  });
  void memory.start();
  timings.mark('chat + memory');
  const knowledge = createKnowledge({
    ports,
    db,
    embeddings,
    memory,
    grants: toolStores.grants,
    events,
    logger,
    clock,
    checkConversation: (id) => void conversations.get(id),
  });
  // Agents answer from their knowledge bases (passages in the prompt, or search_knowledge) with citations.
  agentRuntime.knowledge = knowledge.agents;
  toolRegistry.register(createSearchKnowledgeTool(knowledge.agents, (id) => agents.find(id)?.definition ?? null));
  timings.mark('knowledge');

  const idleTimer = setInterval(() => {
    void lifecycle.reapIdle().catch((error: unknown) => logger.warn('idle unload failed', { error: String(error) }));
  }, IDLE_CHECK_MS);
  idleTimer.unref();

  const monitoring = createMonitoring({
    db,
    engine,
    lifecycle,
    registry,
    settings: () => settings.get(),
    events,
    logger,
    clock,
    tokens,
    processMetrics: ports.processMetrics,
    mainLabel: ports.host.shell === 'electron' ? 'Outpost main' : 'Outpost host (headless)',
  });
  events.onWatch('monitoring', (watched) => monitoring.setSubscribed(watched));
  timings.mark('monitoring');

  // Background agents (core/jobs): the same runtime as chat, behind a queue that yields to the user.
  const jobs = createJobs({
    db,
    dbFile,
    agents,
    models: agentModels,
    conversations,
    runtime: agentRuntime,
    executorFor: (requestApproval, approvalTimeoutMs) =>
      new ToolExecutor({ registry: toolRegistry, audit, logger, now, requestApproval, approvalTimeoutMs }),
    chat,
    lifecycle,
    settings,
    grants: toolStores.grants,
    events,
    logger,
    clock,
  });
  // Local OpenAI-compatible API + MCP client (core/api, core/mcp). Agents over the API run the same runtime as chat.
  const { api, mcp } = createApi({
    db,
    settings,
    events,
    logger,
    clock,
    installed: () => registry.list(),
    lifecycle,
    agents,
    models: agentModels,
    runtime: agentRuntime,
    toolRegistry,
    embeddings: () => embeddingsPort(memory, embeddings),
    revokeMcpGrants: (names) => revokeToolGrants(agents, names),
    jobRuns: (jobId) => jobs.runFromApi(jobId),
    // Outpost as an MCP server at /mcp: agents as tools, run as chat turns (approvals show in the app).
    mcpEndpoint: outpostMcpEndpoint({ agents, chat, conversations, logger, version: ports.host.appVersion }),
  });
  settings.onChange(() => void api.apply());
  settings.onChange(() => nodeChecks.settingsChanged());
  // In the background: a slow or hanging MCP server never delays the UI (state arrives as mcp.changed).
  mcp.startAll();
  await api.apply();
  timings.mark('api + mcp + jobs');

  const handlers = createHandlers({
    paths: ports.paths,
    host: ports.host,
    notices: () => [...notices],
    settings,
    system: createSystemProbe(now),
    dialogs: ports.dialogs,
    registry,
    lifecycle,
    engine,
    events,
    catalog,
    downloads,
    credentials,
    monitoring,
    agents,
    conversations,
    toolRegistry,
    audit,
    grants: toolStores.grants,
    api,
    mcp,
    memory,
    facts: toolStores.facts,
    db,
    clock,
    chat,
    nodes,
    jobs,
    nodeChecks,
    beforeAgentDelete: (agentId: string) => chat.stopAgentTurns(agentId),
    beforeConversationDelete: (conversationId: string) => chat.stopAndWait(conversationId),
    ...knowledge.services,
    updates: new UpdateService({
      updater: ports.updater,
      shell: ports.host.shell,
      currentVersion: ports.host.appVersion,
      isOffline: () => settings.get().offlineMode,
      clock,
      logger,
      events,
    }),
  });

  jobs.start();
  timings.mark('handlers');

  let disposed = false;
  return {
    handlers,
    dispatch: (request, ctx) => dispatch(handlers, request, ctx, logger),
    redeemDownload: (urlPath) => knowledge.services.fileLinks.redeem(urlPath),
    serveApi: (config) => api.serve(config),
    connect: (deliver) => events.connect(deliver),
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(idleTimer);
      await monitoring.dispose();
      await nodeChecks.stop();
      await api.dispose();
      await mcp.dispose();
      await jobs.dispose();
      await chat.dispose();
      await downloads.dispose();
      await engine.dispose();
      await knowledge.dispose();
      await memory.dispose();
      await embeddings?.dispose();
      db.close();
      unguardGlobalFetch();
    },
  };
}
