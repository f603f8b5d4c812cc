/** A ChatService over real parts: a worker process, generated tiny models, SQLite stores and the tool executor. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, type ChatEvent, type EventName, type EventPayload } from '@contract';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import { AgentDefinition, type AgentDefinitionInput } from '../../agents/agentSchema';
import { AgentStore } from '../../agents/agentStore';
import { openTestDb, sampleAgent, type TestDb } from '../../agents/testing/agentFixtures';
import { CatalogService } from '../../catalog/catalogService';
import { CredentialStore } from '../../catalog/credentialStore';
import { catalogDocument, ggufModel } from '../../catalog/testing/catalogFixtures';
import { ConversationStore } from '../../conversations/conversationStore';
import type { InferenceEngine } from '../../inference/engine';
import { createTestEngine, testLoadOptions } from '../../inference/testing/engineHarness';
import { ModelLifecycle } from '../../lifecycle/modelLifecycle';
import { RequestMetricsStore } from '../../lifecycle/requestMetricsStore';
import { ModelRegistry } from '../../models/modelRegistry';
import type { EventSink } from '../../ports';
import { createMemoryLogger, makeTempDir, type RecordedEvent } from '../../testing/testPorts';
import { ToolAuditLog } from '../../tools/auditLog';
import { createBuiltinRegistry, createToolStores, type ToolStores } from '../../tools/builtin/index';
import { ToolExecutor } from '../../tools/toolExecutor';
import { defineTool } from '../../tools/toolTypes';
import { ChatService } from '../chatService';
import type { EmbeddingRouter } from '../embeddingRouter';
import { ModelResolver } from '../modelResolver';

// The tiny model's BPE never makes more tokens than bytes; +24 covers the ChatML markers around a message.
const countTokens = (text: string) => Buffer.byteLength(text, 'utf8') + 24;

/** Records every event and lets a test wait for the first one that matches. */
export class WaitableEvents implements EventSink {
  readonly events: RecordedEvent[] = [];
  private waiters: { test: (e: RecordedEvent) => boolean; resolve: (e: RecordedEvent) => void }[] = [];
  listener: ((e: RecordedEvent) => void) | null = null;

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload };
    this.events.push(event);
    this.listener?.(event);
    for (const waiter of this.waiters.filter((w) => w.test(event))) waiter.resolve(event);
    this.waiters = this.waiters.filter((w) => !w.test(event));
  }

  next<E extends EventName>(name: E, test: (p: EventPayload<E>) => boolean = () => true): Promise<EventPayload<E>> {
    const seen = this.events.find((e) => e.name === name && test(e.payload as EventPayload<E>));
    if (seen) return Promise.resolve(seen.payload as EventPayload<E>);
    return new Promise((resolve) =>
      this.waiters.push({
        test: (e) => e.name === name && test(e.payload as EventPayload<E>),
        resolve: (e) => resolve(e.payload as EventPayload<E>),
      }),
    );
  }

  of<E extends EventName>(name: E): EventPayload<E>[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
  }

  /** The turn's events, in order. */
  turn(turnId: string): ChatEvent['event'][] {
    return this.of('chat.event')
      .filter((e) => e.turnId === turnId)
      .map((e) => e.event);
  }
}

// A deterministic tool: its enum argument means any grammar-forced call is valid, so approval is reached.
export const pickColour = defineTool({
  name: 'pick_colour',
  title: 'Pick a colour',
  description: 'Pick a colour.',
  inputSchema: z.object({ colour: z.enum(['red', 'blue']) }),
  jsonSchema: { type: 'object', properties: { colour: { enum: ['red', 'blue'] } }, required: ['colour'] },
  defaultPermission: 'ask',
  sideEffects: 'none',
  timeoutMs: 1_000,
  run: async (input) => ({ picked: input.colour }),
});

export interface ChatHarness {
  engine: InferenceEngine;
  t: TestDb;
  sink: WaitableEvents;
  agents: AgentStore;
  conversations: ConversationStore;
  stores: ToolStores;
  chat: ChatService;
  lifecycle: ModelLifecycle;
  /** Read by each turn's executor, so one test can shorten it. */
  approvalTimeoutMs: number;
  dispose(): Promise<void>;
}

/** Two generated models: tiny-1 and tiny-2 (also reachable as the catalog id "tiny-catalog"). */
export async function createChatHarness(options: { routerEmbeddings?: EmbeddingRouter } = {}): Promise<ChatHarness> {
  const engine = createTestEngine();
  const t = openTestDb();
  const modelsDir = path.join(makeTempDir(), 'models');
  await writeTestModel(path.join(modelsDir, 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  await writeTestModel(path.join(modelsDir, 'tiny-2.gguf'), { shape: 'tiny', seed: 2 });
  const logger = createMemoryLogger();
  const models = new ModelRegistry(t.db, t.dbFile, modelsDir, logger, Date.now);
  await models.scan();
  // Function docs go into the system prompt: tool rounds need more than the default 512 tokens.
  for (const id of ['tiny-1', 'tiny-2']) {
    models.setLoadOptions(id, testLoadOptions({ contextSize: 2048, parallelSequences: 1 }));
  }
  const sink = new WaitableEvents();
  const lifecycle = new ModelLifecycle({
    engine,
    models,
    settings: () => DEFAULT_SETTINGS,
    totalRamBytes: () => 24 * 1024 ** 3,
    metrics: new RequestMetricsStore(t.db, logger),
    events: sink,
    logger,
    clock: { now: Date.now },
  });
  const agents = new AgentStore(t.db, t.dbFile, t.clock);
  const conversations = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
  const stores = createToolStores(t.db, Date.now);
  const registry = createBuiltinRegistry(stores);
  registry.register(pickColour);
  const audit = new ToolAuditLog(t.db);
  const catalog = testCatalog({ t, models, lifecycle, engine, logger });
  const harness: ChatHarness = {
    engine,
    t,
    sink,
    agents,
    conversations,
    stores,
    lifecycle,
    approvalTimeoutMs: 60_000,
    chat: undefined as unknown as ChatService,
    async dispose() {
      await harness.chat.dispose();
      await engine.dispose();
      t.db.close();
    },
  };
  harness.chat = new ChatService({
    agents,
    conversations,
    models: new ModelResolver({ installedModelFor: (ref) => catalog.installedModelFor(ref) }),
    runtime: {
      lifecycle,
      executorFor: (requestApproval) =>
        new ToolExecutor({
          registry,
          audit,
          logger,
          now: Date.now,
          requestApproval,
          approvalTimeoutMs: harness.approvalTimeoutMs,
        }),
      registry,
      facts: stores.facts,
      logger,
      clock: { now: Date.now },
      countTokens,
      ...(options.routerEmbeddings ? { routerEmbeddings: options.routerEmbeddings } : {}),
    },
    events: sink,
    logger,
    clock: { now: Date.now },
  });
  return harness;
}

/** The real catalog service over a one-entry catalog whose "tiny-catalog" variant is the installed tiny-2.gguf. */
function testCatalog(d: {
  t: TestDb;
  models: ModelRegistry;
  lifecycle: ModelLifecycle;
  engine: InferenceEngine;
  logger: ReturnType<typeof createMemoryLogger>;
}): CatalogService {
  const base = ggufModel('tiny-catalog');
  const variant = base.variants[0]!;
  const entry = { ...base, variants: [{ ...variant, files: [{ ...variant.files[0]!, fileName: 'tiny-2.gguf' }] }] };
  const dir = makeTempDir('outpost-catalog-');
  const catalogFile = path.join(dir, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalogDocument([entry])));
  return new CatalogService({
    catalogFile,
    embeddingsDir: path.join(dir, 'embeddings'),
    rerankersDir: path.join(dir, 'rerankers'),
    registry: d.models,
    lifecycle: d.lifecycle,
    engine: d.engine,
    downloads: () => {
      throw new Error('chat tests never download');
    },
    credentials: new CredentialStore(d.t.db, d.t.dbFile, Date.now),
    fetchImpl: () => Promise.reject(new Error('chat tests never reach the network')),
    logger: d.logger,
  });
}

/** A saved single agent on a test model; short replies keep the tests quick. */
export function testAgent(overrides: Partial<AgentDefinitionInput> = {}): AgentDefinition {
  return AgentDefinition.parse(
    sampleAgent({
      model: { preferred: 'tiny-1' },
      sampling: { maxTokens: 48, seed: 7 },
      context: { strategy: 'truncate-oldest', reserveForReply: 256 },
      ...overrides,
    }),
  );
}

export function isEnd(event: ChatEvent['event']): boolean {
  return event.type === 'done' || event.type === 'error' || event.type === 'aborted';
}
