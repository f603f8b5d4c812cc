/** The API server over real parts: a worker process, a generated tiny model, SQLite, the agent runtime, MCP. */
import net from 'node:net';
import path from 'node:path';
import OpenAI from 'openai';
import { DEFAULT_SETTINGS } from '@contract';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import { AgentStore } from '../../agents/agentStore';
import { openTestDb, sampleAgent, type TestDb } from '../../agents/testing/agentFixtures';
import { ModelResolver } from '../../chat/modelResolver';
import { WaitableEvents } from '../../chat/testing/chatHarness';
import type { EmbeddingsClient } from '../../embeddings/embeddingsClient';
import { createTestEmbeddings } from '../../embeddings/testing/embeddingsHarness';
import type { InferenceEngine } from '../../inference/engine';
import { createTestEngine, testLoadOptions } from '../../inference/testing/engineHarness';
import { ModelLifecycle } from '../../lifecycle/modelLifecycle';
import { RequestMetricsStore } from '../../lifecycle/requestMetricsStore';
import type { McpManager } from '../../mcp/mcpManager';
import { findEmbeddingModels } from '../../memory/embeddingModels';
import { installTestEmbeddingModel } from '../../memory/testing/memoryHarness';
import { ModelRegistry } from '../../models/modelRegistry';
import { SettingsService } from '../../settings/settingsService';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import { ToolAuditLog } from '../../tools/auditLog';
import { ToolExecutor } from '../../tools/toolExecutor';
import { ToolRegistry } from '../../tools/toolRegistry';
import type { ApiService } from '../apiService';
import { createApi } from '../createApi';
import { embeddingsPort } from '../embeddingsPort';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ApiHarness {
  t: TestDb;
  sink: WaitableEvents;
  engine: InferenceEngine;
  lifecycle: ModelLifecycle;
  settings: SettingsService;
  agents: AgentStore;
  audit: ToolAuditLog;
  registry: ToolRegistry;
  api: ApiService;
  mcp: McpManager;
  embeddings: EmbeddingsClient;
  dispose(): Promise<void>;
}

export async function createApiHarness(): Promise<ApiHarness> {
  const t = openTestDb();
  const logger = createMemoryLogger();
  const engine = createTestEngine();
  const modelsDir = path.join(makeTempDir(), 'models');
  await writeTestModel(path.join(modelsDir, 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  const models = new ModelRegistry(t.db, t.dbFile, modelsDir, logger, Date.now);
  await models.scan();
  // Function docs go into the prompt: tool rounds need more than 512 tokens. One sequence makes queueing visible.
  models.setLoadOptions('tiny-1', testLoadOptions({ contextSize: 2048, parallelSequences: 1 }));
  const sink = new WaitableEvents();
  const settings = new SettingsService(t.db, t.dbFile, sink, logger, Date.now);
  settings.set({ apiPort: await freePort() });
  const clock = { now: Date.now };
  const lifecycle = new ModelLifecycle({
    engine,
    models,
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings.get() }),
    totalRamBytes: () => 24 * 1024 ** 3,
    metrics: new RequestMetricsStore(t.db, logger),
    events: sink,
    logger,
    clock,
  });
  const agents = new AgentStore(t.db, t.dbFile, t.clock);
  const registry = new ToolRegistry();
  const audit = new ToolAuditLog(t.db);
  const embeddingsDir = makeTempDir('outpost-api-embeddings-');
  installTestEmbeddingModel(embeddingsDir);
  const embeddings = createTestEmbeddings(logger);
  const { api, mcp } = createApi({
    db: t.db,
    settings,
    events: sink,
    logger,
    clock,
    installed: () => models.list(),
    lifecycle,
    agents,
    models: new ModelResolver({
      installedModelFor: (ref) => models.list().find((m) => m.id === ref && m.problem === null) ?? null,
    }),
    runtime: {
      lifecycle,
      executorFor: (requestApproval) => new ToolExecutor({ registry, audit, logger, now: Date.now, requestApproval }),
      registry,
      logger,
      clock,
      countTokens: (text) => Buffer.byteLength(text, 'utf8') + 24,
    },
    toolRegistry: registry,
    embeddings: () => embeddingsPort({ models: () => findEmbeddingModels(embeddingsDir) }, embeddings),
  });
  return {
    t,
    sink,
    engine,
    lifecycle,
    settings,
    agents,
    audit,
    registry,
    api,
    mcp,
    embeddings,
    async dispose() {
      await api.dispose();
      await mcp.dispose();
      await embeddings.dispose();
      await engine.dispose();
      t.db.close();
    },
  };
}

/** A single agent on the tiny model whose only tool is given. */
export function apiAgent(tools: Record<string, 'allow' | 'ask' | 'deny'>) {
  return sampleAgent({
    id: 'helper',
    model: { preferred: 'tiny-1' },
    // The tiny model's tokens are nearly bytes: a forced call with its JSON needs room.
    sampling: { maxTokens: 160, seed: 7 },
    context: { strategy: 'truncate-oldest', reserveForReply: 256 },
    tools,
  });
}

export interface ServedApi extends ApiHarness {
  key: string;
  /** `http://127.0.0.1:<port>/v1`, what OpenAI clients take. */
  baseURL: string;
  /** The server root, what the Anthropic SDK takes. */
  root: string;
  openai: OpenAI;
}

/**
 * The harness with the API turned on, its key and an official `openai` client. Build it once per test file
 * (beforeAll): the worker, the model load and the server are then shared by every test of the file.
 */
export async function serveApiHarness(options: { agent?: boolean } = {}): Promise<ServedApi> {
  const h = await createApiHarness();
  const enabled = await h.api.setEnabled(true);
  const key = enabled.newKey ?? '';
  const baseURL = enabled.status.baseUrl ?? '';
  const openai = new OpenAI({ apiKey: key, baseURL, maxRetries: 0, timeout: 120_000 });
  if (options.agent) h.agents.create(apiAgent({}));
  return Object.assign(h, { key, baseURL, root: baseURL.replace(/\/v1$/, ''), openai });
}
