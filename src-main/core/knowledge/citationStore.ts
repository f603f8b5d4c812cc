/** knowledge_citations: the numbered sources of an assistant message, kept with an excerpt that outlives re-indexing. */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { storageTarget, writeTransaction } from '../storage/transactions';
import type { Citation, KnowledgeHit } from '../../../src-preload/contract/knowledge';

interface RawCitation {
  n: number;
  chunk_id: number | null;
  base_id: string;
  file_path: string;
  page: number | null;
  heading: string;
  excerpt: string;
}

const EXCERPT_CHARS = 600;

export function citationsFromHits(hits: readonly KnowledgeHit[]): Citation[] {
  return hits.map((hit, i) => ({
    n: i + 1,
    chunkId: hit.chunkId,
    baseId: hit.baseId,
    path: hit.path,
    fileName: hit.fileName,
    page: hit.page,
    heading: hit.headings.join(' › '),
    excerpt: hit.text.slice(0, EXCERPT_CHARS),
  }));
}

export class CitationStore {
  constructor(private readonly db: Database) {}

  save(messageId: string, citations: readonly Citation[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO knowledge_citations (message_id, n, chunk_id, base_id, file_path, page, heading, excerpt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    writeTransaction(storageTarget(this.db), 'save the citations', () => {
      for (const c of citations) insert.run(messageId, c.n, c.chunkId, c.baseId, c.path, c.page, c.heading, c.excerpt);
    });
  }

  list(messageId: string): Citation[] {
    const rows = this.db
      .prepare('SELECT * FROM knowledge_citations WHERE message_id = ? ORDER BY n')
      .all(messageId) as RawCitation[];
    return rows.map(toCitation);
  }

  /** The citations of several messages, keyed by message id; a message without any is left out. */
  listMany(messageIds: readonly string[]): Record<string, Citation[]> {
    const unique = [...new Set(messageIds)];
    if (unique.length === 0) return {};
    const rows = this.db
      .prepare(
        `SELECT * FROM knowledge_citations WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, n`,
      )
      .all(JSON.stringify(unique)) as (RawCitation & { message_id: string })[];
    const out: Record<string, Citation[]> = {};
    for (const row of rows) (out[row.message_id] ??= []).push(toCitation(row));
    return out;
  }
}

function toCitation(r: RawCitation): Citation {
  return {
    n: r.n,
    chunkId: r.chunk_id,
    baseId: r.base_id,
    path: r.file_path,
    fileName: path.basename(r.file_path),
    page: r.page,
    heading: r.heading,
    excerpt: r.excerpt,
  };
}
