/**
 * Everything one agent leaves behind, removed in one place and one transaction, so "delete" means delete:
 * its conversations and their messages, its versions, and the per-agent rows of tools, memory and nodes.
 */
import type { Database } from 'better-sqlite3';

// Per-agent rows only: global facts and grants (agent_id NULL) belong to every agent. The tool audit log and
// support tickets stay: they are history, not what the agent knows. Feature tables may be absent in old test dbs.
const AGENT_SCOPED_TABLES = ['notes', 'tasks', 'facts', 'granted_folders', 'remote_usage'] as const;

export interface DeletedAgentData {
  conversations: number;
  messages: number;
  /** Rows per agent-scoped table (notes, tasks, facts, granted_folders, remote_usage). */
  rows: Record<(typeof AGENT_SCOPED_TABLES)[number], number>;
}

/** Call inside the transaction that deletes the agent row itself (AgentStore.delete). */
export function deleteAgentData(db: Database, agentId: string): DeletedAgentData {
  // Explicit rather than relying on the foreign_keys pragma being on for this connection.
  const messages = db
    .prepare('DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE agent_id = ?)')
    .run(agentId).changes;
  const conversations = db.prepare('DELETE FROM conversations WHERE agent_id = ?').run(agentId).changes;
  db.prepare('DELETE FROM agent_versions WHERE agent_id = ?').run(agentId);
  const rows = { notes: 0, tasks: 0, facts: 0, granted_folders: 0, remote_usage: 0 };
  for (const table of AGENT_SCOPED_TABLES) {
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    if (exists) rows[table] = db.prepare(`DELETE FROM ${table} WHERE agent_id = ?`).run(agentId).changes;
  }
  return { conversations, messages, rows };
}
