/**
 * The chunks the background re-embed pass may embed: those without a vector from the model, of files indexed
 * under the current chunking key. Chunks of a file awaiting re-chunking (after a switch to a model with another
 * tokenizer) are left out: the pass replaces them and embeds the new ones, so embedding the old ones is wasted.
 * Chunks still being stored (their file not finished yet) are left out too: the indexer embeds those itself.
 */
import type { Database } from 'better-sqlite3';
import type { VectorStore } from '../memory/vectorStore';

export type EmbeddingBacklog = Pick<VectorStore, 'countMissing' | 'missing' | 'put'>;

const BACKLOG = `FROM knowledge_chunks c
  JOIN knowledge_files f ON f.id = c.file_id AND f.status = 'indexed' AND f.chunked_with IS @chunking
  LEFT JOIN knowledge_vectors v ON v.chunk_id = c.id AND v.model_key = @modelKey
  WHERE v.chunk_id IS NULL`;

export function chunkBacklog(db: Database, store: VectorStore, chunking: () => string | null): EmbeddingBacklog {
  return {
    countMissing: (modelKey) =>
      db.prepare(`SELECT count(*) ${BACKLOG}`).pluck().get({ modelKey, chunking: chunking() }) as number,
    missing: (modelKey, limit, afterId = 0) =>
      db
        .prepare(`SELECT c.id AS id, c.text AS text ${BACKLOG} AND c.id > @afterId ORDER BY c.id LIMIT @limit`)
        .all({ modelKey, chunking: chunking(), afterId, limit }) as { id: number; text: string }[],
    put: (modelKey, rows) => store.put(modelKey, rows),
  };
}
