/**
 * Long-term memory: hybrid recall over the fact store, the active embedding model and its vectors. A model
 * switch makes every stored vector stale: recall is keyword-only until the background re-embed pass is done.
 */
import type { Database } from 'better-sqlite3';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { MemoryFact, MemoryStatus } from '../../../src-preload/contract/memory';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import type { EmbeddingModelSpec, ExecutionProviderPreference, LoadedEmbedder } from '../embeddings/protocol';
import type { Clock, Logger } from '../ports';
import type { Fact, FactChange, FactStore } from './factStore';
import { type EmbeddingModelOption, findEmbeddingModels, type GgufModelInfo } from './embeddingModels';
import { syncEmbeddings } from './embeddingSync';
import { fuseRankings, type ScoredFact, withinBudget } from './hybridRecall';
import { MemoryConfig } from './memoryConfig';
import { VectorIndex } from './vectorIndex';
import { type CorruptVector, VectorStore } from './vectorStore';

export interface MemoryServiceDeps {
  db: Database;
  facts: FactStore;
  /** null: no embeddings worker in this host; recall stays keyword-only. */
  embeddings: EmbeddingsClient | null;
  embeddingsDir: string;
  ggufModels?: () => GgufModelInfo[];
  onStatus?: (status: MemoryStatus) => void;
  onChanged?: (agentId: string | null) => void;
  logger: Logger;
  clock: Clock;
  countTokens?: (text: string) => number;
  /** Vector hits below this cosine are noise, not memories. */
  minSimilarity?: number;
}

export interface RecallOptions {
  k: number;
  tokenBudget?: number;
  signal?: AbortSignal;
}

export interface Recalled {
  mode: 'hybrid' | 'keyword';
  reason: string | null;
  hits: ScoredFact[];
}

interface Active {
  option: EmbeddingModelOption;
  loaded: LoadedEmbedder;
  index: VectorIndex;
  /** The backfill after activation finished: vectors cover (nearly) every fact. */
  ready: boolean;
}

const CANDIDATES = 50;
const LOAD_PAGE = 2_000;

export class MemoryService {
  private readonly config: MemoryConfig;
  readonly vectors: VectorStore;
  private active: Active | null = null;
  private activation = 0;
  private job: { controller: AbortController; done: number; total: number; promise: Promise<void> } | null = null;
  private corrupt = 0;
  /** The model whose stored vectors are being read into the index, while that runs. */
  private loading: string | null = null;
  private lastError: string | null = null;
  private unavailableReason: string | null = null;
  /** A fact changed while a pass was finishing: run another so it is not left without a vector. */
  private dirty = false;
  private readonly unsubscribe: () => void;
  private readonly embedderListeners = new Set<() => void>();

  constructor(private readonly d: MemoryServiceDeps) {
    this.config = new MemoryConfig(d.db);
    this.vectors = new VectorStore(d.db, () => d.clock.now());
    d.facts.attachRecall(async (agentId, query, k) =>
      (await this.recall(agentId, query, { k })).hits.map((h) => h.fact),
    );
    this.unsubscribe = d.facts.onChange((change) => this.onFactChange(change));
  }

  /** Picks up the chosen model and starts the backfill; failures land in status(), never thrown. */
  async start(): Promise<void> {
    if (this.d.embeddings) await this.d.embeddings.setPreference(this.config.provider());
    await this.activate();
  }

  models(): EmbeddingModelOption[] {
    return findEmbeddingModels(this.d.embeddingsDir, this.d.ggufModels?.() ?? []);
  }

  async setEmbeddingModel(id: string | null): Promise<MemoryStatus> {
    if (id !== null && !this.models().some((m) => m.id === id)) {
      throw new OutpostError('not_found', `No installed embedding model ${id}`);
    }
    this.config.setEmbeddingModelId(id);
    await this.activate();
    return this.status();
  }

  async setProvider(provider: ExecutionProviderPreference): Promise<MemoryStatus> {
    this.config.setProvider(provider);
    await this.d.embeddings?.setPreference(provider);
    await this.activate();
    return this.status();
  }

  /** Hybrid when the active model's vectors are complete, keyword-only (with the reason) otherwise. */
  async recall(agentId: string, query: string, options: RecallOptions): Promise<Recalled> {
    const now = this.d.clock.now();
    const keyword = this.d.facts.keywordRanks(agentId, query, CANDIDATES);
    let vector: { id: number; similarity: number }[] = [];
    let reason = this.keywordOnlyReason();
    const active = this.active;
    if (reason === null && active && this.d.embeddings) {
      try {
        const [q] = await this.d.embeddings.embed(active.option.spec, [query], options.signal);
        const fetch = (ids: readonly number[]) =>
          this.vectors.fetch(active.option.spec.key, active.loaded.dimensions, ids);
        vector = active.index.search(q!, agentId, CANDIDATES, fetch, this.d.minSimilarity ?? 0.3);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        reason = `embedding the query failed: ${error instanceof Error ? error.message : String(error)}`;
        this.d.logger.warn('memory recall fell back to keywords', { error: reason });
      }
    }
    const facts = this.d.facts.byIds([...new Set([...keyword.map((h) => h.id), ...vector.map((h) => h.id)])]);
    const fused = fuseRankings({ keyword, vector, facts, now });
    const count = this.d.countTokens ?? ((text: string) => Math.ceil(text.length / 3.5));
    const hits = withinBudget(fused, options.k, options.tokenBudget ?? 600, count);
    this.d.facts.markUsed(hits.map((h) => h.fact.id));
    return { mode: reason === null ? 'hybrid' : 'keyword', reason, hits };
  }

  /** The embedding model in use, once loaded; knowledge bases embed with the same one. */
  embedder(): { spec: EmbeddingModelSpec; dimensions: number } | null {
    return this.active ? { spec: this.active.option.spec, dimensions: this.active.loaded.dimensions } : null;
  }

  /** Called on every status change; listeners compare embedder() themselves (knowledge follows the model). */
  onEmbedderChange(listener: () => void): () => void {
    this.embedderListeners.add(listener);
    return () => this.embedderListeners.delete(listener);
  }

  view(fact: Fact): MemoryFact {
    return { ...fact, embedded: this.active?.index.has(fact.id) ?? false };
  }

  status(): MemoryStatus {
    const embeddings = this.d.embeddings?.status();
    const active = this.active;
    const counts = this.vectors.counts(active?.option.spec.key ?? null);
    const view = (m: EmbeddingModelOption) => ({ id: m.id, name: m.name, runtime: m.runtime });
    return {
      model: active ? view(active.option) : null,
      models: this.models().map(view),
      mode: this.keywordOnlyReason() === null ? 'hybrid' : 'keyword',
      reason: this.keywordOnlyReason(),
      dimensions: active?.loaded.dimensions ?? null,
      provider: {
        preference: this.config.provider(),
        active: active?.loaded.provider ?? null,
        available: embeddings?.availableProviders ?? [],
        fallbackReason: active?.loaded.fallbackReason ?? null,
      },
      worker: {
        state: embeddings?.state ?? 'unavailable',
        pid: embeddings?.pid ?? null,
        restarts: embeddings?.restarts ?? 0,
        lastError: embeddings?.lastError ?? null,
      },
      facts: counts.facts,
      embedded: counts.current,
      reembed: { running: this.job !== null, done: this.job?.done ?? 0, total: this.job?.total ?? 0 },
      corruptVectors: this.corrupt,
      lastError: this.lastError,
    };
  }

  /** Resolves when the current backfill (if any) is over; for tests and the bench. */
  async idle(): Promise<void> {
    while (this.job) await this.job.promise;
  }

  async dispose(): Promise<void> {
    this.unsubscribe();
    this.d.facts.attachRecall(null);
    this.activation++;
    this.job?.controller.abort();
    await this.job?.promise;
  }

  private keywordOnlyReason(): string | null {
    if (!this.d.embeddings) return 'no embeddings worker in this host';
    if (this.unavailableReason) return this.unavailableReason;
    if (this.loading) return `loading the stored vectors of ${this.loading}`;
    if (!this.active) return 'no embedding model selected';
    if (!this.active.ready) return 're-embedding stored facts with the new model';
    return null;
  }

  private chosen(): EmbeddingModelOption | null {
    const id = this.config.embeddingModelId();
    const models = this.models();
    if (id === null) return null;
    // Never chosen: the first installed ONNX model (the catalog's MiniLM, or a test model).
    if (id === undefined) return models.find((m) => m.runtime === 'onnx') ?? null;
    return models.find((m) => m.id === id) ?? null;
  }

  private async activate(): Promise<void> {
    const generation = ++this.activation;
    this.job?.controller.abort();
    await this.job?.promise;
    this.active = null;
    this.unavailableReason = null;
    this.loading = null;
    const option = this.chosen();
    const embeddings = this.d.embeddings;
    if (!option || !embeddings) return this.publish();
    try {
      const loaded = await embeddings.load(option.spec);
      if (generation !== this.activation) return;
      this.loading = option.name;
      this.publish();
      const index = new VectorIndex(loaded.dimensions);
      const corrupt: CorruptVector[] = [];
      // In pages with a yield between them: 100k stored vectors take ~2 s to read, which must not block
      // the process (recall stays keyword-only meanwhile).
      for (let after = 0; ;) {
        const page = this.vectors.loadPage(option.spec.key, loaded.dimensions, after, LOAD_PAGE);
        for (const entry of page.entries) index.upsert(entry);
        corrupt.push(...page.corrupt);
        if (page.lastId === null) break;
        after = page.lastId;
        await new Promise((resolve) => setImmediate(resolve));
        if (generation !== this.activation) return;
      }
      this.loading = null;
      if (corrupt.length > 0) {
        this.corrupt += corrupt.length;
        this.d.logger.warn('skipped corrupt memory vectors; they will be re-embedded', {
          count: corrupt.length,
          first: corrupt.slice(0, 5),
        });
        this.vectors.drop(corrupt.map((c) => c.factId));
      }
      this.active = { option, loaded, index, ready: false };
      this.lastError = null;
      this.sync();
    } catch (error) {
      if (generation !== this.activation) return;
      this.loading = null;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.unavailableReason = `embedding model ${option.name} is unavailable: ${this.lastError}`;
      this.d.logger.error('embedding model failed to load; memory recall is keyword-only', { error: this.lastError });
    }
    this.publish();
  }

  /** One background pass at a time; facts added meanwhile are picked up by the same loop. */
  private sync(): void {
    const active = this.active;
    if (!active || this.job || !this.d.embeddings) return;
    this.dirty = false;
    const controller = new AbortController();
    const job = { controller, done: 0, total: 0, promise: Promise.resolve() };
    this.job = job;
    job.promise = syncEmbeddings({
      spec: active.option.spec,
      embeddings: this.d.embeddings,
      vectors: this.vectors,
      scopes: (ids) => new Map([...this.d.facts.byIds(ids)].map(([id, fact]) => [id, fact.agentId])),
      index: active.index,
      signal: controller.signal,
      logger: this.d.logger,
      onProgress: (p) => {
        job.done = p.done;
        job.total = p.total;
        this.publish();
      },
    })
      .then(() => {
        if (!controller.signal.aborted) active.ready = true;
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        this.lastError = `re-embedding stopped: ${error instanceof Error ? error.message : String(error)}`;
        this.d.logger.warn('memory re-embedding stopped; will retry on the next change', { error: this.lastError });
      })
      .finally(() => {
        if (this.job === job) this.job = null;
        if (this.dirty && !controller.signal.aborted && this.lastError === null) this.sync();
        this.publish();
      });
  }

  private onFactChange(change: FactChange): void {
    const active = this.active;
    if (change.type === 'deleted') {
      for (const id of change.ids) active?.index.remove(id);
    } else if (active && !this.vectors.has(active.option.spec.key, change.fact.id)) {
      active.index.remove(change.fact.id); // edited text: its old vector is gone (the trigger dropped it)
      this.dirty = true;
      queueMicrotask(() => this.sync());
    }
    this.d.onChanged?.(change.type === 'deleted' ? null : change.fact.agentId);
  }

  private publish(): void {
    this.d.onStatus?.(this.status());
    for (const listener of this.embedderListeners) listener();
  }
}
