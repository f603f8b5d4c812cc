/** A knowledge service on a temp database over a temp granted folder; embeddings optional. */
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import type { KnowledgeProgress } from '../../../../src-preload/contract/knowledge';
import type { EmbeddingsClient } from '../../embeddings/embeddingsClient';
import type { RerankerSpec } from '../../embeddings/protocol';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import { openTestDatabase } from '../../tools/testing/toolTestKit';
import type { KnowledgeLimits } from '../knowledgeLimits';
import { KnowledgeService } from '../knowledgeService';
import type { Embedder } from '../knowledgeVectors';
import type { ParserEntry } from '../parse/parserHost';

export const PARSE_WORKER_SOURCE = fileURLToPath(new URL('../parse/parseWorker.ts', import.meta.url));

export interface KnowledgeHarnessOptions {
  db?: Database;
  folder?: string;
  grants?: string[];
  embeddings?: EmbeddingsClient | null;
  embedder?: Embedder | null;
  limits?: Partial<KnowledgeLimits>;
  /** A cross-encoder that orders search results (needs `embeddings`). */
  reranker?: RerankerSpec | null;
  /** Parse on a worker thread from the TS source (as the app does from the built file). */
  workerThread?: boolean;
}

export function createTestKnowledge(options: KnowledgeHarnessOptions = {}) {
  const db = options.db ?? openTestDatabase();
  const folder = options.folder ?? makeTempDir('outpost-knowledge-');
  const grants = options.grants ?? [folder];
  const logger = createMemoryLogger();
  const progress: KnowledgeProgress[] = [];
  let embedder = options.embedder ?? null;
  let reranker = options.reranker ?? null;
  const parserEntry: ParserEntry | null = options.workerThread
    ? { modulePath: PARSE_WORKER_SOURCE, register: 'tsx/esm/api' }
    : null;
  const knowledge = new KnowledgeService({
    db,
    embeddings: options.embeddings ?? null,
    embedder: () => embedder,
    grantedFolders: () => grants,
    parserEntry,
    onProgress: (p) => progress.push(p),
    limits: options.limits,
    reranker: () => reranker,
    logger,
    clock: { now: Date.now },
  });
  return {
    db,
    folder,
    grants,
    knowledge,
    progress,
    logger,
    setEmbedder: (next: Embedder | null) => {
      embedder = next;
    },
    setReranker: (next: RerankerSpec | null) => {
      reranker = next;
    },
  };
}
