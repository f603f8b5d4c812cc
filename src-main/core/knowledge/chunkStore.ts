/** knowledge_chunks (+ FTS5 via triggers): a file's chunks are replaced whole when the file changes. */
import type { Database, Statement } from 'better-sqlite3';
import { ftsTerms, termsToFtsQuery, withoutCommonTerms } from '../storage/ftsQuery';
import { storageTarget, writeTransaction } from '../storage/transactions';
import type { Chunk } from './chunker';

export interface ChunkRow {
  id: number;
  baseId: string;
  fileId: number;
  ord: number;
  text: string;
  headings: string[];
  page: number | null;
  lineStart: number | null;
  lineEnd: number | null;
  charStart: number;
  charEnd: number;
  tokens: number;
  path: string;
}

interface RawChunk {
  id: number;
  base_id: string;
  file_id: number;
  ord: number;
  text: string;
  heading: string;
  page: number | null;
  line_start: number | null;
  line_end: number | null;
  char_start: number;
  char_end: number;
  tokens: number;
  path: string;
}

/** Heading paths are stored as one string (indexed by FTS too); this separator never occurs in a heading. */
const HEADING_SEPARATOR = ' › ';

/** How many BM25 candidates are ranked before the base filter, per wanted hit (bench/knowledge.ts). */
const WINDOW_PER_HIT = 10;
const MIN_WINDOW = 500;
/**
 * Query terms are kept rarest first while they match at most this many chunks in all (the rarest always stays):
 * BM25 costs per matching chunk, and a few common words matched ~11k of 200k chunks (35+ ms).
 */
const MATCH_BUDGET = 4_000;

export class ChunkStore {
  private readonly docsOfTerm: Statement;

  constructor(private readonly db: Database) {
    // Per-term document counts, for dropping common query terms. A temp table: it stores nothing, so it needs
    // no migration, and it lives as long as this connection.
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.knowledge_chunks_vocab USING fts5vocab(main, knowledge_chunks_fts, 'row')`,
    );
    this.docsOfTerm = db.prepare('SELECT doc FROM temp.knowledge_chunks_vocab WHERE term = ?').pluck();
  }

  /** Drops the file's old chunks (their vectors and FTS rows go with them) and stores the new ones. */
  replace(baseId: string, fileId: number, chunks: readonly Chunk[]): number[] {
    const insert = this.db.prepare(
      `INSERT INTO knowledge_chunks (base_id, file_id, ord, text, heading, page, line_start, line_end, char_start,
         char_end, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ids: number[] = [];
    writeTransaction(storageTarget(this.db), 'save the passages', () => {
      this.db.prepare('DELETE FROM knowledge_chunks WHERE file_id = ?').run(fileId);
      chunks.forEach((c, ord) => {
        const info = insert.run(
          baseId,
          fileId,
          ord,
          c.text,
          c.headings.join(HEADING_SEPARATOR),
          c.page,
          c.lineStart,
          c.lineEnd,
          c.charStart,
          c.charEnd,
          c.tokens,
        );
        ids.push(Number(info.lastInsertRowid));
      });
    });
    return ids;
  }

  idsOfFiles(fileIds: readonly number[]): number[] {
    if (fileIds.length === 0) return [];
    return this.db
      .prepare('SELECT id FROM knowledge_chunks WHERE file_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(fileIds)) as number[];
  }

  /**
   * BM25 order over the given bases (and files), best first. Common terms are dropped first; then FTS5 ranks a
   * window of its best matches and the base filter runs on those (ranking every match of a 200k-chunk index
   * took hundreds of ms). A window that filters down to too few hits falls back to ranking every match.
   */
  keywordRanks(query: string, baseIds: readonly string[], fileIds: readonly number[] | undefined, limit: number) {
    const terms = ftsTerms(query);
    const total = (this.db.prepare('SELECT max(id) AS n FROM knowledge_chunks').get() as { n: number | null }).n ?? 0;
    const docs = (term: string) => (this.docsOfTerm.get(term) as number | undefined) ?? 0;
    const match = termsToFtsQuery(withoutCommonTerms(terms, { total, docs, keep: 1, docBudget: MATCH_BUDGET }), 'any');
    if (match === null) return [];
    const fileFilter = fileIds ? 'AND c.file_id IN (SELECT value FROM json_each(?))' : '';
    const args: unknown[] = [JSON.stringify(baseIds)];
    if (fileIds) args.push(JSON.stringify(fileIds));
    const window = Math.max(limit * WINDOW_PER_HIT, MIN_WINDOW);
    if (!fileIds) {
      // CROSS JOIN keeps the ranked window as the outer loop (as memory's facts do).
      const ranked = this.db
        .prepare(
          `SELECT c.id AS id FROM
             (SELECT rowid, bm25(knowledge_chunks_fts, 1.0, 0.5) AS score FROM knowledge_chunks_fts
              WHERE knowledge_chunks_fts MATCH ? ORDER BY score LIMIT ?) m
           CROSS JOIN knowledge_chunks c ON c.id = m.rowid
           WHERE c.base_id IN (SELECT value FROM json_each(?)) ORDER BY m.score LIMIT ?`,
        )
        .all(match, window, ...args, limit) as { id: number }[];
      if (ranked.length >= limit || !this.windowWasFull(match, window)) return ranked;
    }
    return this.db
      .prepare(
        `SELECT c.id AS id FROM knowledge_chunks_fts f JOIN knowledge_chunks c ON c.id = f.rowid
         WHERE knowledge_chunks_fts MATCH ? AND c.base_id IN (SELECT value FROM json_each(?)) ${fileFilter}
         ORDER BY bm25(knowledge_chunks_fts, 1.0, 0.5) LIMIT ?`,
      )
      .all(match, ...args, limit) as { id: number }[];
  }

  /** Whether the query matches more chunks than the window held (other bases' chunks may have crowded it). */
  private windowWasFull(match: string, window: number): boolean {
    return (
      (this.db
        .prepare(
          'SELECT count(*) AS n FROM (SELECT rowid FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH ? LIMIT ?)',
        )
        .pluck()
        .get(match, window + 1) as number) > window
    );
  }

  byIds(ids: readonly number[]): Map<number, ChunkRow> {
    const out = new Map<number, ChunkRow>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT c.*, f.path AS path FROM knowledge_chunks c JOIN knowledge_files f ON f.id = c.file_id
         WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as RawChunk[];
    for (const row of rows) out.set(row.id, toChunk(row));
    return out;
  }

  /** The chunks just before and after one chunk in its file. */
  neighbours(chunk: ChunkRow): { before: string | null; after: string | null } {
    const at = (ord: number) =>
      (this.db
        .prepare('SELECT text FROM knowledge_chunks WHERE file_id = ? AND ord = ?')
        .pluck()
        .get(chunk.fileId, ord) as string | undefined) ?? null;
    return { before: chunk.ord > 0 ? at(chunk.ord - 1) : null, after: at(chunk.ord + 1) };
  }

  total(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM knowledge_chunks').get() as { n: number }).n;
  }
}

export function headingPath(heading: string): string[] {
  return heading === '' ? [] : heading.split(HEADING_SEPARATOR);
}

function toChunk(row: RawChunk): ChunkRow {
  return {
    id: row.id,
    baseId: row.base_id,
    fileId: row.file_id,
    ord: row.ord,
    text: row.text,
    headings: headingPath(row.heading),
    page: row.page,
    lineStart: row.line_start,
    lineEnd: row.line_end,
    charStart: row.char_start,
    charEnd: row.char_end,
    tokens: row.tokens,
    path: row.path,
  };
}
