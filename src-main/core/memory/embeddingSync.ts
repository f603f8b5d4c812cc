/**
 * Keeps the vectors of the active embedding model complete: embeds rows (facts, knowledge chunks) that have none
 * (new, edited, stale from another model, or dropped as corrupt) in batches, off the request path, with progress
 * and cancel.
 */
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import type { EmbeddingModelSpec } from '../embeddings/protocol';
import type { Logger } from '../ports';
import type { VectorIndex } from './vectorIndex';
import type { VectorStore } from './vectorStore';

export interface SyncProgress {
  done: number;
  total: number;
}

const BATCH = 64;

export async function syncEmbeddings(d: {
  spec: EmbeddingModelSpec;
  embeddings: EmbeddingsClient;
  /** Where rows lacking a vector come from and vectors go (a store, or a filtered view of one). */
  vectors: Pick<VectorStore, 'countMissing' | 'missing' | 'put'>;
  /** Each row's vector-index scope (its agent, its knowledge base); rows deleted meanwhile are absent. */
  scopes: (ids: readonly number[]) => Map<number, string | null>;
  index: VectorIndex;
  signal: AbortSignal;
  logger: Logger;
  onProgress: (progress: SyncProgress) => void;
}): Promise<SyncProgress> {
  const progress: SyncProgress = { done: 0, total: d.vectors.countMissing(d.spec.key) };
  d.onProgress({ ...progress });
  // A cursor keeps each query cheap at 100k facts; one more pass from the start catches facts edited behind it.
  let cursor = 0;
  for (;;) {
    if (d.signal.aborted) return progress;
    const batch = d.vectors.missing(d.spec.key, BATCH, cursor);
    if (batch.length === 0) {
      if (cursor === 0) return progress;
      cursor = 0;
      continue;
    }
    cursor = batch[batch.length - 1]!.id;
    const vectors = await d.embeddings.embed(
      d.spec,
      batch.map((f) => f.text),
      d.signal,
    );
    if (d.signal.aborted) return progress;
    d.vectors.put(
      d.spec.key,
      batch.map((f, i) => ({ factId: f.id, vector: vectors[i]! })),
    );
    const scopes = d.scopes(batch.map((f) => f.id));
    batch.forEach((f, i) => {
      const scope = scopes.get(f.id);
      if (scope !== undefined) d.index.upsert({ id: f.id, agentId: scope, vector: vectors[i]! });
    });
    progress.done += batch.length;
    // Facts added while we run grow the backlog; keep the total honest.
    progress.total = Math.max(progress.total, progress.done);
    d.onProgress({ ...progress });
  }
}
