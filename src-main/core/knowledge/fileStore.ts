/** knowledge_files: one row per file a base has seen, with its hash (for incremental re-index) and status. */
import type { Database } from 'better-sqlite3';
import {
  KnowledgeFileReason,
  type KnowledgeFile,
  type KnowledgeFileStatus,
} from '../../../src-preload/contract/knowledge';

export interface FileRow extends KnowledgeFile {
  sourceId: number;
  mtimeMs: number;
  hash: string | null;
  /** How its chunks were sized (`chunkingKey.ts`); null before migration 17. */
  chunkedWith: string | null;
}

interface RawFile {
  id: number;
  base_id: string;
  source_id: number;
  path: string;
  size: number;
  mtime_ms: number;
  hash: string | null;
  format: string | null;
  status: KnowledgeFileStatus;
  reason: string | null;
  detail: string | null;
  chunks: number;
  pages: number | null;
  indexed_at: number | null;
  chunked_with: string | null;
}

export interface Outcome {
  status: Exclude<KnowledgeFileStatus, 'pending'>;
  reason: KnowledgeFileReason | null;
  detail: string | null;
  hash: string | null;
  format: string | null;
  chunks: number;
  pages: number | null;
  /** The chunking key of an indexed file's chunks. */
  chunkedWith?: string | null;
}

export class FileStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  byBase(baseId: string): FileRow[] {
    return (
      this.db.prepare('SELECT * FROM knowledge_files WHERE base_id = ? ORDER BY id').all(baseId) as RawFile[]
    ).map(toFile);
  }

  get(id: number): FileRow | null {
    const row = this.db.prepare('SELECT * FROM knowledge_files WHERE id = ?').get(id) as RawFile | undefined;
    return row ? toFile(row) : null;
  }

  page(baseId: string, status: KnowledgeFileStatus | undefined, limit: number, offset: number) {
    const where = status ? 'base_id = ? AND status = ?' : 'base_id = ?';
    const args = status ? [baseId, status] : [baseId];
    const rows = this.db
      .prepare(`SELECT * FROM knowledge_files WHERE ${where} ORDER BY path LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as RawFile[];
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM knowledge_files WHERE ${where}`).get(...args) as { n: number }
    ).n;
    return { files: rows.map(toFile), total };
  }

  /** A newly seen file, or a changed one: queued for parsing. */
  markPending(baseId: string, sourceId: number, path: string, size: number, mtimeMs: number): number {
    this.db
      .prepare(
        `INSERT INTO knowledge_files (base_id, source_id, path, size, mtime_ms, status) VALUES (?, ?, ?, ?, ?, 'pending')
         ON CONFLICT (base_id, path) DO UPDATE SET source_id = excluded.source_id, size = excluded.size,
           mtime_ms = excluded.mtime_ms, status = 'pending', reason = NULL, detail = NULL`,
      )
      .run(baseId, sourceId, path, size, mtimeMs);
    return (
      this.db.prepare('SELECT id FROM knowledge_files WHERE base_id = ? AND path = ?').get(baseId, path) as {
        id: number;
      }
    ).id;
  }

  /** A verdict that needs no parsing (unsupported, over a cap, outside a grant): skipped, or failed (too large). */
  markVerdict(
    baseId: string,
    sourceId: number,
    file: { path: string; size: number; mtimeMs: number },
    reason: KnowledgeFileReason,
    detail: string | null,
  ): void {
    const status = reason === 'too_large' || reason === 'permission_denied' ? 'failed' : 'skipped';
    this.db
      .prepare(
        `INSERT INTO knowledge_files (base_id, source_id, path, size, mtime_ms, status, reason, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (base_id, path) DO UPDATE SET source_id = excluded.source_id, size = excluded.size,
           mtime_ms = excluded.mtime_ms, status = excluded.status, reason = excluded.reason, detail = excluded.detail,
           hash = NULL, chunks = 0`,
      )
      .run(baseId, sourceId, file.path, file.size, file.mtimeMs, status, reason, detail);
    // Its old chunks (if it was indexed before) go with the verdict.
    this.db
      .prepare(
        'DELETE FROM knowledge_chunks WHERE base_id = ? AND file_id = (SELECT id FROM knowledge_files WHERE base_id = ? AND path = ?)',
      )
      .run(baseId, baseId, file.path);
  }

  /** Same bytes, new mtime (a touch): nothing to re-parse. */
  updateStat(id: number, size: number, mtimeMs: number): void {
    this.db.prepare('UPDATE knowledge_files SET size = ?, mtime_ms = ? WHERE id = ?').run(size, mtimeMs, id);
  }

  /** A rename: the row (and its chunks) move to the new path. */
  move(id: number, sourceId: number, path: string, mtimeMs: number): void {
    this.db
      .prepare('UPDATE knowledge_files SET path = ?, source_id = ?, mtime_ms = ? WHERE id = ?')
      .run(path, sourceId, mtimeMs, id);
  }

  finish(id: number, outcome: Outcome): void {
    this.db
      .prepare(
        `UPDATE knowledge_files SET status = ?, reason = ?, detail = ?, hash = ?, format = ?, chunks = ?, pages = ?,
           indexed_at = ?, chunked_with = ? WHERE id = ?`,
      )
      .run(
        outcome.status,
        outcome.reason,
        outcome.detail,
        outcome.hash,
        outcome.format,
        outcome.chunks,
        outcome.pages,
        this.now(),
        outcome.chunkedWith ?? null,
        id,
      );
  }

  delete(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.db
      .prepare('DELETE FROM knowledge_files WHERE id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(ids));
  }

  pending(baseId: string): FileRow[] {
    return (
      this.db
        .prepare("SELECT * FROM knowledge_files WHERE base_id = ? AND status = 'pending' ORDER BY id")
        .all(baseId) as RawFile[]
    ).map(toFile);
  }

  counts(baseId: string) {
    const rows = this.db
      .prepare(
        'SELECT status, count(*) AS n, sum(chunks) AS chunks FROM knowledge_files WHERE base_id = ? GROUP BY status',
      )
      .all(baseId) as { status: KnowledgeFileStatus; n: number; chunks: number | null }[];
    const counts = { files: 0, indexed: 0, pending: 0, skipped: 0, failed: 0, chunks: 0 };
    for (const row of rows) {
      counts[row.status] = row.n;
      counts.files += row.n;
      counts.chunks += row.chunks ?? 0;
    }
    return counts;
  }
}

function toFile(row: RawFile): FileRow {
  const reason = KnowledgeFileReason.safeParse(row.reason);
  return {
    id: row.id,
    baseId: row.base_id,
    sourceId: row.source_id,
    path: row.path,
    size: row.size,
    mtimeMs: row.mtime_ms,
    hash: row.hash,
    format: row.format,
    status: row.status,
    reason: reason.success ? reason.data : null,
    detail: row.detail,
    chunks: row.chunks,
    pages: row.pages,
    indexedAt: row.indexed_at,
    chunkedWith: row.chunked_with,
  };
}
