/**
 * The knowledge chunks' vectors for the active embedding model: memory's VectorIndex (scoped by base) and
 * VectorStore over knowledge_vectors. A model switch reloads the index and re-embeds in the background.
 */
import type { Database } from 'better-sqlite3';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import type { EmbeddingModelSpec } from '../embeddings/protocol';
import { syncEmbeddings } from '../memory/embeddingSync';
import { dot } from '../memory/vectorCodec';
import { VectorIndex, type VectorHit } from '../memory/vectorIndex';
import { VectorStore, type VectorTable } from '../memory/vectorStore';
import type { Logger } from '../ports';
import { chunkBacklog, type EmbeddingBacklog } from './chunkBacklog';
import type { ChunkTokenizer } from './parse/chunkTokens';

export interface Embedder {
  spec: EmbeddingModelSpec;
  dimensions: number;
}

/**
 * The tokenizer that sizes chunks for this embedder. ONNX models ship tokenizer.json; a GGUF model's tokenizer
 * lives inside llama.cpp in the embeddings worker, out of the parser thread's reach, so its chunks are estimated.
 */
export function chunkTokenizerOf(embedder: Embedder | null): ChunkTokenizer | null {
  if (embedder?.spec.kind !== 'onnx') return null;
  return { path: embedder.spec.tokenizerPath, maxLength: embedder.spec.maxLength };
}

const CHUNK_VECTORS: VectorTable = {
  vectors: 'knowledge_vectors',
  key: 'chunk_id',
  owners: 'knowledge_chunks',
  scope: 'base_id',
};
const LOAD_PAGE = 5_000;

export class KnowledgeVectors {
  readonly store: VectorStore;
  private readonly backlog: EmbeddingBacklog;
  private active: { embedder: Embedder; index: VectorIndex } | null = null;
  private generation = 0;
  private sync: { controller: AbortController; promise: Promise<void> } | null = null;
  private lastError: string | null = null;
  /** Last count of chunks without a vector; null once vectors changed. Counting scans every chunk. */
  private missing: number | null = null;

  constructor(
    private readonly db: Database,
    private readonly embeddings: EmbeddingsClient | null,
    private readonly logger: Logger,
    now: () => number,
    private readonly onChange: () => void,
    /** The chunking key files are (re-)chunked to now: the backfill skips chunks a pass will replace. */
    chunking: () => string | null,
  ) {
    this.store = new VectorStore(db, now, CHUNK_VECTORS);
    this.backlog = chunkBacklog(db, this.store, chunking);
  }

  get modelKey(): string | null {
    return this.active?.embedder.spec.key ?? null;
  }

  /** Why search is keyword-only, or null when vectors are in use. */
  keywordOnlyReason(): string | null {
    if (!this.embeddings) return 'no embeddings worker in this host';
    if (!this.active) return this.lastError ?? 'no embedding model selected';
    return null;
  }

  unembedded(): number {
    this.missing = this.active ? this.store.countMissing(this.active.embedder.spec.key) : 0;
    return this.missing;
  }

  /** The last count unless vectors changed since: for progress reports sent per file while indexing. */
  unembeddedRecent(): number {
    return this.missing ?? this.unembedded();
  }

  /** Switches to `embedder` (null: none): loads its stored vectors, then embeds the chunks that lack one. */
  async activate(embedder: Embedder | null): Promise<void> {
    if (
      embedder?.spec.key === this.active?.embedder.spec.key &&
      embedder?.dimensions === this.active?.embedder.dimensions
    ) {
      return;
    }
    const generation = ++this.generation;
    this.missing = null;
    this.sync?.controller.abort();
    await this.sync?.promise;
    this.active = null;
    if (!embedder || !this.embeddings) return this.onChange();
    const index = new VectorIndex(embedder.dimensions);
    const corrupt: number[] = [];
    for (let after = 0; ;) {
      const page = this.store.loadPage(embedder.spec.key, embedder.dimensions, after, LOAD_PAGE);
      for (const entry of page.entries) index.upsert(entry);
      corrupt.push(...page.corrupt.map((c) => c.factId));
      if (page.lastId === null) break;
      after = page.lastId;
      await new Promise((resolve) => setImmediate(resolve));
      if (generation !== this.generation) return;
    }
    if (corrupt.length > 0) {
      this.logger.warn('dropped corrupt knowledge vectors; they will be re-embedded', { count: corrupt.length });
      this.store.drop(corrupt);
    }
    this.active = { embedder, index };
    this.backfill();
    this.onChange();
  }

  /** Embeds freshly stored chunks right away (the indexer waits, so "indexed" means searchable by meaning). */
  async embedChunks(
    baseId: string,
    chunks: readonly { id: number; text: string }[],
    signal: AbortSignal,
  ): Promise<void> {
    const active = this.active;
    if (!active || !this.embeddings || chunks.length === 0) return;
    this.missing = null;
    try {
      const vectors = await this.embeddings.embed(
        active.embedder.spec,
        chunks.map((c) => c.text),
        signal,
      );
      if (this.active !== active) return;
      this.store.put(
        active.embedder.spec.key,
        chunks.map((c, i) => ({ factId: c.id, vector: vectors[i]! })),
      );
      chunks.forEach((c, i) => active.index.upsert({ id: c.id, agentId: baseId, vector: vectors[i]! }));
    } catch (error) {
      if (signal.aborted) throw error;
      // Left without vectors: the next backfill pass picks them up; keyword search finds them meanwhile.
      this.logger.warn('embedding knowledge chunks failed', { error: String(error) });
    } finally {
      this.missing = null;
    }
  }

  remove(chunkIds: readonly number[]): void {
    if (chunkIds.length > 0) this.missing = null;
    for (const id of chunkIds) this.active?.index.remove(id);
  }

  /** Nearest chunks within the bases (and, when given, only among `onlyIds`), best first. */
  async search(
    query: string,
    baseIds: readonly string[],
    onlyIds: readonly number[] | null,
    k: number,
    signal?: AbortSignal,
  ): Promise<VectorHit[]> {
    const active = this.active;
    if (!active || !this.embeddings) return [];
    const [q] = await this.embeddings.embed(active.embedder.spec, [query], signal);
    const fetch = (ids: readonly number[]) =>
      this.store.fetch(active.embedder.spec.key, active.embedder.dimensions, ids);
    if (onlyIds) {
      // A file filter: score its chunks exactly (a handful of files, never the whole base).
      const vectors = fetch(onlyIds);
      return [...vectors]
        .map(([id, v]) => ({ id, similarity: dot(q!, v) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, k);
    }
    return baseIds
      .flatMap((baseId) => active.index.search(q!, baseId, k, fetch, 0.2))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k);
  }

  async dispose(): Promise<void> {
    this.generation++;
    this.sync?.controller.abort();
    await this.sync?.promise;
  }

  /** Resolves when the background re-embed pass (if any) is over. */
  async idle(): Promise<void> {
    while (this.sync) await this.sync.promise;
  }

  /** Background: chunks without a vector from the active model (after a switch, or a failed embed). */
  backfill(): void {
    const active = this.active;
    if (!active || !this.embeddings || this.sync) return;
    const controller = new AbortController();
    const job = {
      controller,
      promise: syncEmbeddings({
        spec: active.embedder.spec,
        embeddings: this.embeddings,
        vectors: this.backlog,
        scopes: (ids) => new Map([...this.scopesOf(ids)]),
        index: active.index,
        signal: controller.signal,
        logger: this.logger,
        onProgress: () => {
          this.missing = null;
          this.onChange();
        },
      })
        .then(() => undefined)
        .catch((error: unknown) => {
          if (!controller.signal.aborted) this.logger.warn('knowledge re-embedding stopped', { error: String(error) });
        })
        .finally(() => {
          if (this.sync === job) this.sync = null;
          this.missing = null;
          this.onChange();
        }),
    };
    this.sync = job;
  }

  private scopesOf(ids: readonly number[]): Map<number, string> {
    const rows = this.db
      .prepare('SELECT id, base_id AS baseId FROM knowledge_chunks WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: number; baseId: string }[];
    return new Map(rows.map((r) => [r.id, r.baseId]));
  }
}
