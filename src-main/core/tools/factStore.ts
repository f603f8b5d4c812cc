import type { Database } from 'better-sqlite3';
import { toFtsQuery } from './ftsQuery';

export interface Fact {
  id: number;
  /** null: a fact every agent can recall. */
  agentId: string | null;
  text: string;
  /** Where it came from, e.g. "agent:<id>" or "user". */
  source: string;
  createdAt: number;
}

interface FactRow {
  id: number;
  agent_id: string | null;
  text: string;
  source: string;
  created_at: number;
}

export const MAX_FACT_CHARS = 1000;

/**
 * Long-term memory: plain rows plus FTS5 keyword recall. Semantic recall can later rank the same rows by
 * embedding without changing callers (search stays (agentId, query, k) → facts).
 */
export class FactStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  add(agentId: string | null, text: string, source: string): Fact {
    const trimmed = text.trim().slice(0, MAX_FACT_CHARS);
    const createdAt = this.now();
    const info = this.db
      .prepare('INSERT INTO facts (agent_id, text, source, created_at) VALUES (?, ?, ?, ?)')
      .run(agentId, trimmed, source, createdAt);
    return { id: Number(info.lastInsertRowid), agentId, text: trimmed, source, createdAt };
  }

  /** Best keyword matches among the agent's own facts and the global ones. */
  search(agentId: string, query: string, k: number): Fact[] {
    const match = toFtsQuery(query);
    if (match === null) return [];
    const rows = this.db
      .prepare(
        `SELECT f.* FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid
         WHERE facts_fts MATCH ? AND (f.agent_id IS NULL OR f.agent_id = ?)
         ORDER BY bm25(facts_fts), f.created_at DESC LIMIT ?`,
      )
      .all(match, agentId, clampK(k)) as FactRow[];
    return rows.map(toFact);
  }

  /** Newest first; agentId undefined lists every fact (for the memory screen). */
  list(options: { agentId?: string; limit?: number; before?: number } = {}): Fact[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.agentId !== undefined) {
      where.push('(agent_id IS NULL OR agent_id = ?)');
      params.push(options.agentId);
    }
    if (options.before !== undefined) {
      where.push('id < ?');
      params.push(options.before);
    }
    const sql = `SELECT * FROM facts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, clampK(options.limit ?? 50, 500)) as FactRow[]).map(toFact);
  }

  /** With agentId, deletes only a fact that agent owns (a model must not erase another agent's memory). */
  delete(id: number, agentId?: string): boolean {
    const result =
      agentId === undefined
        ? this.db.prepare('DELETE FROM facts WHERE id = ?').run(id)
        : this.db.prepare('DELETE FROM facts WHERE id = ? AND agent_id = ?').run(id, agentId);
    return result.changes > 0;
  }
}

function clampK(k: number, max = 50): number {
  return Math.max(1, Math.min(max, Math.floor(k)));
}

function toFact(row: FactRow): Fact {
  return { id: row.id, agentId: row.agent_id, text: row.text, source: row.source, createdAt: row.created_at };
}
