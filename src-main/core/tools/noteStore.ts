import type { Database } from 'better-sqlite3';
import { toFtsQuery } from '../storage/ftsQuery';

export interface Note {
  id: number;
  agentId: string;
  title: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

interface NoteRow {
  id: number;
  agent_id: string;
  title: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** An agent's notes, searchable by keyword through FTS5 over title and body. */
export class NoteStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  create(agentId: string, title: string, body: string): Note {
    const at = this.now();
    const info = this.db
      .prepare('INSERT INTO notes (agent_id, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(agentId, title, body, at, at);
    return { id: Number(info.lastInsertRowid), agentId, title, body, createdAt: at, updatedAt: at };
  }

  /** One note by id, whichever agent owns it (a background run's detail names the note it saved). */
  find(id: number): Note | null {
    const row = this.db.prepare('SELECT * FROM notes WHERE id = ?').get(id) as NoteRow | undefined;
    return row ? toNote(row) : null;
  }

  list(agentId: string, limit = 20): Note[] {
    const rows = this.db
      .prepare('SELECT * FROM notes WHERE agent_id = ? ORDER BY updated_at DESC, id DESC LIMIT ?')
      .all(agentId, Math.max(1, Math.min(100, limit))) as NoteRow[];
    return rows.map(toNote);
  }

  search(agentId: string, query: string, limit = 10): Note[] {
    const match = toFtsQuery(query, { mode: 'any' });
    if (match === null) return this.list(agentId, limit);
    const rows = this.db
      .prepare(
        `SELECT n.* FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
         WHERE notes_fts MATCH ? AND n.agent_id = ? ORDER BY bm25(notes_fts) LIMIT ?`,
      )
      .all(match, agentId, Math.max(1, Math.min(100, limit))) as NoteRow[];
    return rows.map(toNote);
  }

  delete(agentId: string, id: number): boolean {
    return this.db.prepare('DELETE FROM notes WHERE id = ? AND agent_id = ?').run(id, agentId).changes > 0;
  }
}

function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    agentId: row.agent_id,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
