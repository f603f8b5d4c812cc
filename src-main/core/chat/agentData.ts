/** Rows the tools keep per agent (facts, notes, tasks, folder grants), removed when the agent is deleted. */
import type { Database } from 'better-sqlite3';

export interface ForgottenAgentData {
  facts: number;
  notes: number;
  tasks: number;
  grants: number;
}

/** One transaction; the audit log is kept on purpose (it records what happened, not what the agent knows). */
export function deleteAgentData(db: Database, agentId: string): ForgottenAgentData {
  return db.transaction(() => ({
    facts: db.prepare('DELETE FROM facts WHERE agent_id = ?').run(agentId).changes,
    notes: db.prepare('DELETE FROM notes WHERE agent_id = ?').run(agentId).changes,
    tasks: db.prepare('DELETE FROM tasks WHERE agent_id = ?').run(agentId).changes,
    grants: db.prepare('DELETE FROM granted_folders WHERE agent_id = ?').run(agentId).changes,
  }))();
}
