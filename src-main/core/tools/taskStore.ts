import type { Database } from 'better-sqlite3';

export interface Task {
  id: number;
  agentId: string;
  title: string;
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  doneAt: number | null;
  createdAt: number;
}

interface TaskRow {
  id: number;
  agent_id: string;
  title: string;
  due_date: string | null;
  done_at: number | null;
  created_at: number;
}

/** An agent's todo list. Open tasks sort by due date (undated last), then by age. */
export class TaskStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  add(agentId: string, title: string, dueDate: string | null): Task {
    const createdAt = this.now();
    const info = this.db
      .prepare('INSERT INTO tasks (agent_id, title, due_date, created_at) VALUES (?, ?, ?, ?)')
      .run(agentId, title, dueDate, createdAt);
    return { id: Number(info.lastInsertRowid), agentId, title, dueDate, doneAt: null, createdAt };
  }

  /** One task by id, whichever agent owns it (a background run's detail names the task it added). */
  find(id: number): Task | null {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    return row ? toTask(row) : null;
  }

  list(agentId: string, options: { includeDone?: boolean; limit?: number } = {}): Task[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM tasks WHERE agent_id = ? ${options.includeDone ? '' : 'AND done_at IS NULL'}
         ORDER BY done_at IS NOT NULL, due_date IS NULL, due_date, id LIMIT ?`,
      )
      .all(agentId, Math.max(1, Math.min(200, options.limit ?? 50))) as TaskRow[];
    return rows.map(toTask);
  }

  /** Returns the task after completing it, or null when the agent has no such task. */
  complete(agentId: string, id: number): Task | null {
    this.db
      .prepare('UPDATE tasks SET done_at = ? WHERE id = ? AND agent_id = ? AND done_at IS NULL')
      .run(this.now(), id, agentId);
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ? AND agent_id = ?').get(id, agentId) as
      TaskRow | undefined;
    return row ? toTask(row) : null;
  }

  delete(agentId: string, id: number): boolean {
    return this.db.prepare('DELETE FROM tasks WHERE id = ? AND agent_id = ?').run(id, agentId).changes > 0;
  }
}

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    agentId: row.agent_id,
    title: row.title,
    dueDate: row.due_date,
    doneAt: row.done_at,
    createdAt: row.created_at,
  };
}
