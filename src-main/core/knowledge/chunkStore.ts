/** knowledge_chunks (+ FTS5 via triggers): a file's chunks are replaced whole when the file changes. */
import type { Database } from 'better-sqlite3';
import { ftsTerms, termsToFtsQuery } from '../storage/ftsQuery';
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

export class ChunkStore {
  constructor(private readonly db: Database) {}

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

  /** BM25 order over the given bases (and files), best first. */
  keywordRanks(query: string, baseIds: readonly string[], fileIds: readonly number[] | undefined, limit: number) {
    const match = termsToFtsQuery(ftsTerms(query), 'any');
    if (match === null) return [];
    const fileFilter = fileIds ? 'AND c.file_id IN (SELECT value FROM json_each(?))' : '';
    const args: unknown[] = [match, JSON.stringify(baseIds)];
    if (fileIds) args.push(JSON.stringify(fileIds));
    return this.db
      .prepare(
        `SELECT c.id AS id FROM knowledge_chunks_fts f JOIN knowledge_chunks c ON c.id = f.rowid
         WHERE knowledge_chunks_fts MATCH ? AND c.base_id IN (SELECT value FROM json_each(?)) ${fileFilter}
         ORDER BY bm25(knowledge_chunks_fts, 1.0, 0.5) LIMIT ?`,
      )
      .all(...args, limit) as { id: number }[];
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
