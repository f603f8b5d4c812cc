/** knowledge_bases and knowledge_sources: what a base is made of. Rows are mapped (and JSON parsed) here. */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { KnowledgeSource } from '../../../src-preload/contract/knowledge';

export interface BaseRow {
  id: string;
  name: string;
  conversationId: string | null;
  paused: boolean;
  createdAt: number;
  updatedAt: number;
}

const Globs = z.array(z.string());

interface RawBase {
  id: string;
  name: string;
  conversation_id: string | null;
  paused: number;
  created_at: number;
  updated_at: number;
}

interface RawSource {
  id: number;
  kind: 'folder' | 'file';
  path: string;
  include_json: string;
  exclude_json: string;
}

export class BaseStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  create(name: string, conversationId: string | null): BaseRow {
    const id = randomUUID();
    const at = this.now();
    this.db
      .prepare(
        'INSERT INTO knowledge_bases (id, name, conversation_id, paused, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)',
      )
      .run(id, name, conversationId, at, at);
    return this.get(id)!;
  }

  get(id: string): BaseRow | null {
    const row = this.db.prepare('SELECT * FROM knowledge_bases WHERE id = ?').get(id) as RawBase | undefined;
    return row ? toBase(row) : null;
  }

  list(): BaseRow[] {
    return (this.db.prepare('SELECT * FROM knowledge_bases ORDER BY created_at, id').all() as RawBase[]).map(toBase);
  }

  rename(id: string, name: string): void {
    this.db.prepare('UPDATE knowledge_bases SET name = ?, updated_at = ? WHERE id = ?').run(name, this.now(), id);
  }

  setPaused(id: string, paused: boolean): void {
    this.db
      .prepare('UPDATE knowledge_bases SET paused = ?, updated_at = ? WHERE id = ?')
      .run(paused ? 1 : 0, this.now(), id);
  }

  touch(id: string): void {
    this.db.prepare('UPDATE knowledge_bases SET updated_at = ? WHERE id = ?').run(this.now(), id);
  }

  /** Cascades to sources, files, chunks (and their FTS rows via trigger) and vectors. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM knowledge_bases WHERE id = ?').run(id).changes > 0;
  }

  addSource(baseId: string, source: Omit<KnowledgeSource, 'id'>): KnowledgeSource {
    this.db
      .prepare(
        `INSERT INTO knowledge_sources (base_id, kind, path, include_json, exclude_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (base_id, path) DO UPDATE SET kind = excluded.kind, include_json = excluded.include_json,
           exclude_json = excluded.exclude_json`,
      )
      .run(
        baseId,
        source.kind,
        source.path,
        JSON.stringify(source.include),
        JSON.stringify(source.exclude),
        this.now(),
      );
    return this.sources(baseId).find((s) => s.path === source.path)!;
  }

  removeSource(baseId: string, sourceId: number): boolean {
    return (
      this.db.prepare('DELETE FROM knowledge_sources WHERE base_id = ? AND id = ?').run(baseId, sourceId).changes > 0
    );
  }

  sources(baseId: string): KnowledgeSource[] {
    const rows = this.db
      .prepare('SELECT id, kind, path, include_json, exclude_json FROM knowledge_sources WHERE base_id = ? ORDER BY id')
      .all(baseId) as RawSource[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      path: r.path,
      include: parseGlobs(r.include_json),
      exclude: parseGlobs(r.exclude_json),
    }));
  }
}

function parseGlobs(json: string): string[] {
  try {
    const parsed = Globs.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function toBase(row: RawBase): BaseRow {
  return {
    id: row.id,
    name: row.name,
    conversationId: row.conversation_id,
    paused: row.paused === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
