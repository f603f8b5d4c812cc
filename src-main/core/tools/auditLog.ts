import type { Database } from 'better-sqlite3';
import type { ToolErrorCode } from './toolTypes';

export type AuditDecision = 'allow' | 'ask-approved' | 'ask-denied' | 'deny' | 'invalid' | 'unknown';
export type AuditOutcome = 'ok' | 'error' | 'timeout';

/** Arguments are stored for review, but a model can emit megabytes; keep the row small. */
export const MAX_AUDIT_ARGS_CHARS = 4096;

export interface AuditEntry {
  callId: string;
  agentId: string;
  conversationId: string | null;
  tool: string;
  args: unknown;
  decision: AuditDecision;
  outcome: AuditOutcome;
  resultBytes: number;
  errorCode: ToolErrorCode | null;
  startedAt: number;
  finishedAt: number;
}

export interface AuditRecord extends Omit<AuditEntry, 'args'> {
  id: number;
  argsJson: string;
}

interface AuditRow {
  id: number;
  call_id: string;
  agent_id: string;
  conversation_id: string | null;
  tool: string;
  args_json: string;
  decision: AuditDecision;
  outcome: AuditOutcome;
  result_bytes: number;
  error_code: ToolErrorCode | null;
  started_at: number;
  finished_at: number;
}

export function capArgsJson(args: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(args) ?? 'null';
  } catch {
    json = '"[unserializable arguments]"';
  }
  return json.length <= MAX_AUDIT_ARGS_CHARS ? json : `${json.slice(0, MAX_AUDIT_ARGS_CHARS)}…[truncated]`;
}

/** Every tool call the executor handles, whatever happened to it, one row each. */
export class ToolAuditLog {
  constructor(private readonly db: Database) {}

  write(entry: AuditEntry): number {
    const info = this.db
      .prepare(
        `INSERT INTO tool_audit (call_id, agent_id, conversation_id, tool, args_json, decision, outcome,
           result_bytes, error_code, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.callId,
        entry.agentId,
        entry.conversationId,
        entry.tool.slice(0, 200),
        capArgsJson(entry.args),
        entry.decision,
        entry.outcome,
        entry.resultBytes,
        entry.errorCode,
        entry.startedAt,
        entry.finishedAt,
      );
    return Number(info.lastInsertRowid);
  }

  /** Newest first; `before` is an audit row id for paging. */
  list(options: { agentId?: string; limit: number; before?: number }): AuditRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.agentId !== undefined) {
      where.push('agent_id = ?');
      params.push(options.agentId);
    }
    if (options.before !== undefined) {
      where.push('id < ?');
      params.push(options.before);
    }
    const limit = Math.max(1, Math.min(500, Math.floor(options.limit)));
    const sql = `SELECT * FROM tool_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, limit) as AuditRow[];
    return rows.map(toRecord);
  }

  /** How many calls per decision, e.g. invalid-argument calls as a measure of a model's tool-call reliability. */
  countByDecision(agentId?: string): Partial<Record<AuditDecision, number>> {
    const rows = (
      agentId === undefined
        ? this.db.prepare('SELECT decision, count(*) AS n FROM tool_audit GROUP BY decision').all()
        : this.db
            .prepare('SELECT decision, count(*) AS n FROM tool_audit WHERE agent_id = ? GROUP BY decision')
            .all(agentId)
    ) as { decision: AuditDecision; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.decision, r.n]));
  }
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    callId: row.call_id,
    agentId: row.agent_id,
    conversationId: row.conversation_id,
    tool: row.tool,
    argsJson: row.args_json,
    decision: row.decision,
    outcome: row.outcome,
    resultBytes: row.result_bytes,
    errorCode: row.error_code,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
