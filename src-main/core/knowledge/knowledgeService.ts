/**
 * Knowledge bases: sources inside granted folders, a background indexing queue (one base at a time, paused and
 * resumed per base, picked up again after a restart), hybrid search and passages for citations.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type {
  KnowledgeBase,
  KnowledgeFileStatus,
  KnowledgePassage,
  KnowledgeProgress,
  KnowledgeSearchResult,
  KnowledgeSourceInput,
} from '../../../src-preload/contract/knowledge';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import type { RerankerSpec } from '../embeddings/protocol';
import type { Clock, Logger } from '../ports';
import { storageTarget, writeTransaction } from '../storage/transactions';
import { liveRoots } from '../tools/safePath';
import { BaseStore } from './baseStore';
import { ChunkStore } from './chunkStore';
import { FileStore } from './fileStore';
import { chunkingKeyOf } from './chunkingKey';
import { type IndexerDeps, scanBase } from './indexer';
import { indexPending } from './indexPending';
import { DEFAULT_LIMITS, type KnowledgeLimits } from './knowledgeLimits';
import { searchKnowledge, toHit } from './knowledgeSearch';
import { chunkTokenizerOf, type Embedder, KnowledgeVectors } from './knowledgeVectors';
import { type ParserEntry, ParserHost } from './parse/parserHost';
import { isInside } from './scanner';

export interface KnowledgeServiceDeps {
  db: Database;
  embeddings: EmbeddingsClient | null;
  /** The embedding model memory uses (one model for the whole app). */
  embedder: () => Embedder | null;
  /** Every granted folder's path: sources must lie inside one. */
  grantedFolders: () => string[];
  parserEntry: ParserEntry | null;
  onProgress?: (progress: KnowledgeProgress) => void;
  onChanged?: (baseId: string, base: KnowledgeBase | null) => void;
  limits?: Partial<KnowledgeLimits>;
  /** The installed cross-encoder when the user turned reranking on; null: fused order stands. */
  reranker?: () => RerankerSpec | null;
  logger: Logger;
  clock: Clock;
}

type Stage = Omit<KnowledgeProgress, 'unembedded'>;

export class KnowledgeService {
  readonly bases: BaseStore;
  readonly files: FileStore;
  readonly chunks: ChunkStore;
  readonly vectors: KnowledgeVectors;
  private readonly parser: ParserHost;
  private readonly limits: KnowledgeLimits;
  private readonly queue: string[] = [];
  private running: { baseId: string; controller: AbortController; promise: Promise<void> } | null = null;
  private readonly stages = new Map<string, Stage>();
  private disposed = false;
  /** The chunking key of the embedder last seen (null before the first). */
  private chunking: string | null = null;

  constructor(private readonly d: KnowledgeServiceDeps) {
    const now = () => d.clock.now();
    this.bases = new BaseStore(d.db, now);
    this.files = new FileStore(d.db, now);
    this.chunks = new ChunkStore(d.db);
    this.vectors = new KnowledgeVectors(
      d.db,
      d.embeddings,
      d.logger,
      now,
      () => this.publishAll(),
      () => this.chunking,
    );
    this.parser = new ParserHost({ entry: d.parserEntry, logger: d.logger });
    this.limits = { ...DEFAULT_LIMITS, ...d.limits };
  }

  /** Loads the vectors of the active model and rescans every base (files changed while the app was closed). */
  async start(): Promise<void> {
    await this.embedderChanged();
    for (const base of this.bases.list()) this.schedule(base.id);
  }

  /**
   * Call when memory's embedding model changes: the index follows it and re-embeds in the background; when the
   * new model's tokenizer differs, every base gets a pass, which re-chunks the files to its token budget.
   */
  async embedderChanged(): Promise<void> {
    const embedder = this.d.embedder();
    const chunking = chunkingKeyOf(chunkTokenizerOf(embedder));
    const rechunk = this.chunking !== null && this.chunking !== chunking;
    this.chunking = chunking;
    await this.vectors.activate(embedder);
    if (rechunk) for (const base of this.bases.list()) this.schedule(base.id);
  }

  list(): KnowledgeBase[] {
    return this.bases.list().map((b) => this.view(b.id)!);
  }

  get(baseId: string): KnowledgeBase {
    const base = this.view(baseId);
    if (!base) throw new OutpostError('not_found', `No knowledge base ${baseId}`);
    return base;
  }

  create(name: string, sources: readonly KnowledgeSourceInput[], conversationId: string | null = null): KnowledgeBase {
    const checked = sources.map((s) => this.checkSource(s));
    const base = writeTransaction(storageTarget(this.d.db), 'create the knowledge base', () => {
      const row = this.bases.create(name, conversationId);
      for (const source of checked) this.bases.addSource(row.id, source);
      return row;
    });
    this.schedule(base.id);
    return this.changed(base.id)!;
  }

  rename(baseId: string, name: string): KnowledgeBase {
    this.get(baseId);
    this.bases.rename(baseId, name);
    return this.changed(baseId)!;
  }

  addSource(baseId: string, source: KnowledgeSourceInput): KnowledgeBase {
    this.get(baseId);
    this.bases.addSource(baseId, this.checkSource(source));
    this.schedule(baseId);
    return this.changed(baseId)!;
  }

  removeSource(baseId: string, sourceId: number): KnowledgeBase {
    this.get(baseId);
    const ids = this.files.byBase(baseId).filter((f) => f.sourceId === sourceId);
    this.vectors.remove(this.chunks.idsOfFiles(ids.map((f) => f.id)));
    if (!this.bases.removeSource(baseId, sourceId)) throw new OutpostError('not_found', `No source ${sourceId}`);
    this.schedule(baseId); // another source may list the same files
    return this.changed(baseId)!;
  }

  /** "Forget this base": its chunks, vectors and files go, and its indexing stops. */
  async delete(baseId: string): Promise<boolean> {
    this.queue.splice(0, this.queue.length, ...this.queue.filter((id) => id !== baseId));
    if (this.running?.baseId === baseId) {
      this.running.controller.abort();
      await this.running.promise;
    }
    const chunkIds = this.chunks.idsOfFiles(this.files.byBase(baseId).map((f) => f.id));
    const deleted = this.bases.delete(baseId);
    this.vectors.remove(chunkIds);
    this.stages.delete(baseId);
    if (deleted) this.d.onChanged?.(baseId, null);
    return deleted;
  }

  async pause(baseId: string): Promise<KnowledgeBase> {
    this.get(baseId);
    this.bases.setPaused(baseId, true);
    if (this.running?.baseId === baseId) {
      this.running.controller.abort();
      await this.running.promise;
    }
    return this.changed(baseId)!;
  }

  resume(baseId: string): KnowledgeBase {
    this.get(baseId);
    this.bases.setPaused(baseId, false);
    this.schedule(baseId);
    return this.changed(baseId)!;
  }

  rescan(baseId: string): KnowledgeBase {
    this.get(baseId);
    this.schedule(baseId);
    return this.get(baseId);
  }

  filesPage(baseId: string, status: KnowledgeFileStatus | undefined, limit: number, offset: number) {
    this.get(baseId);
    return this.files.page(baseId, status, limit, offset);
  }

  async search(input: {
    query: string;
    baseIds: readonly string[];
    fileIds?: readonly number[] | undefined;
    k: number;
    tokenBudget?: number | undefined;
    signal?: AbortSignal | undefined;
  }): Promise<KnowledgeSearchResult> {
    const baseIds = input.baseIds.filter((id) => this.bases.get(id) !== null);
    if (baseIds.length === 0) return { mode: 'keyword', reason: 'no such knowledge base', hits: [] };
    const reranker = this.d.embeddings ? (this.d.reranker?.() ?? null) : null;
    const embeddings = this.d.embeddings;
    const rerank =
      reranker && embeddings
        ? {
            name: reranker.name,
            score: (query: string, texts: readonly string[], signal?: AbortSignal) =>
              embeddings.rerank(reranker, query, texts, signal),
          }
        : null;
    return searchKnowledge(
      { chunks: this.chunks, vectors: this.vectors, rerank, logger: this.d.logger },
      { ...input, baseIds },
    );
  }

  passage(chunkId: number): KnowledgePassage {
    const row = this.chunks.byIds([chunkId]).get(chunkId);
    if (!row) throw new OutpostError('not_found', `No passage ${chunkId} (the file may have been re-indexed)`);
    const file = this.files.get(row.fileId)!;
    const { sourceId: _s, mtimeMs: _m, hash: _h, chunkedWith: _c, ...view } = file;
    return {
      hit: toHit(row, { score: 0, keywordRank: null, vectorSimilarity: null }),
      ...this.chunks.neighbours(row),
      file: view,
    };
  }

  /** Resolves when no base is being indexed or waiting (tests, bench). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await (this.running?.promise ?? Promise.resolve());
    await this.vectors.idle();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.queue.length = 0;
    this.running?.controller.abort();
    await this.running?.promise;
    await this.vectors.dispose();
    await this.parser.dispose();
  }

  /** Queues a rescan + index pass for the base (once; a running pass is followed by another). */
  schedule(baseId: string): void {
    if (this.disposed || this.queue.includes(baseId)) return;
    this.queue.push(baseId);
    this.pump();
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const baseId = this.queue.shift();
    if (baseId === undefined) return;
    const base = this.bases.get(baseId);
    if (!base || base.paused) return this.pump();
    const controller = new AbortController();
    const job = { baseId, controller, promise: Promise.resolve() };
    this.running = job;
    job.promise = this.runPass(baseId, controller.signal)
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          this.d.logger.error('knowledge indexing failed', { baseId, error: String(error) });
      })
      .finally(() => {
        this.running = null;
        this.stages.delete(baseId);
        this.changed(baseId);
        this.pump();
      });
  }

  private async runPass(baseId: string, signal: AbortSignal): Promise<void> {
    // One tokenizer for the whole pass; a model switch meanwhile schedules another pass, which re-chunks.
    const tokenizer = chunkTokenizerOf(this.d.embedder());
    const deps: IndexerDeps = {
      db: this.d.db,
      bases: this.bases,
      files: this.files,
      chunks: this.chunks,
      vectors: this.vectors,
      parser: this.parser,
      limits: () => this.limits,
      tokenizer: () => tokenizer,
      chunkingKey: chunkingKeyOf(tokenizer),
      roots: () => liveRoots(this.d.grantedFolders()),
      logger: this.d.logger,
      now: () => this.d.clock.now(),
    };
    this.stage({ baseId, state: 'scanning', filesDone: 0, filesTotal: 0, chunks: 0, currentFile: null, etaMs: null });
    await scanBase(deps, baseId, signal);
    if (signal.aborted) return;
    await indexPending(deps, baseId, signal, (p) => this.stage(p));
  }

  private stage(stage: Stage): void {
    this.stages.set(stage.baseId, stage);
    this.d.onProgress?.(this.progressOf(stage.baseId));
  }

  private progressOf(baseId: string): KnowledgeProgress {
    const stage = this.stages.get(baseId);
    if (stage) return { ...stage, unembedded: this.vectors.unembeddedRecent() };
    const unembedded = this.vectors.unembedded();
    const counts = this.files.counts(baseId);
    const paused = this.bases.get(baseId)?.paused ?? false;
    return {
      baseId,
      state: paused ? 'paused' : 'idle',
      filesDone: counts.files - counts.pending,
      filesTotal: counts.files,
      chunks: counts.chunks,
      currentFile: null,
      etaMs: null,
      unembedded,
    };
  }

  private view(baseId: string): KnowledgeBase | null {
    const base = this.bases.get(baseId);
    if (!base) return null;
    return {
      ...base,
      sources: this.bases.sources(baseId),
      counts: this.files.counts(baseId),
      progress: this.progressOf(baseId),
    };
  }

  private changed(baseId: string): KnowledgeBase | null {
    const base = this.view(baseId);
    this.d.onChanged?.(baseId, base);
    return base;
  }

  private publishAll(): void {
    if (this.disposed) return;
    for (const base of this.bases.list()) this.d.onProgress?.(this.progressOf(base.id));
  }

  /** Sources must exist and lie inside a granted folder (checked on real paths, so links cannot escape). */
  private checkSource(input: KnowledgeSourceInput) {
    if (!path.isAbsolute(input.path)) throw new OutpostError('bad_request', `Not an absolute path: ${input.path}`);
    let real: string;
    try {
      real = fs.realpathSync(input.path);
    } catch {
      throw new OutpostError('not_found', `Nothing at ${input.path}`, { path: input.path });
    }
    const stats = fs.statSync(real);
    if (input.kind === 'folder' ? !stats.isDirectory() : !stats.isFile()) {
      throw new OutpostError('bad_request', `${input.path} is not a ${input.kind}`, { path: input.path });
    }
    const roots = liveRoots(this.d.grantedFolders());
    if (!roots.some((root) => isInside(real, root))) {
      throw new OutpostError('bad_request', `${input.path} is not inside a granted folder; grant the folder first`, {
        path: input.path,
        reason: 'not_granted', // the UI offers to grant the folder and try again
      });
    }
    return { kind: input.kind, path: real, include: input.include ?? [], exclude: input.exclude ?? [] };
  }
}
