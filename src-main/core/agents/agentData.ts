/** What an agent leaves behind in the tool tables; removed with the agent so "delete" means delete. */
import type { Database } from 'better-sqlite3';

// Per-agent rows only: global facts and grants (agent_id NULL) belong to every agent. The audit log stays: it is history.
const AGENT_SCOPED_TABLES = ['notes', 'tasks', 'facts', 'granted_folders'] as const;

export function deleteAgentToolData(db: Database, agentId: string): number {
  let removed = 0;
  for (const table of AGENT_SCOPED_TABLES) {
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    if (exists) removed += db.prepare(`DELETE FROM ${table} WHERE agent_id = ?`).run(agentId).changes;
  }
  return removed;
}
