/**
 * Run history in SQLite. A schedule slot is claimed by inserting its run (unique per job and slot), so no slot
 * runs twice, also across restarts. Rows are parsed at the read boundary.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OutpostError, RunStatus, RunTriggerKind, type Run } from '@contract';
import { readQuery, writeTransaction, type StorageTarget } from '../storage/transactions';
import { parseJsonColumn } from '../storage/jsonColumn';

const RunError = z.object({ code: z.string(), message: z.string() });

const RunRow = z
  .object({
    id: z.string(),
    job_id: z.string(),
    job_name: z.string(),
    trigger: RunTriggerKind,
    slot_key: z.string().nullable(),
    missed_slot_at: z.number().nullable(),
    trigger_path: z.string().nullable(),
    status: RunStatus,
    reason: z.string().nullable(),
    limit_hit: z.enum(['tool-rounds', 'tokens', 'wall-time']).nullable(),
    error_json: z.string().nullable(),
    queued_at: z.number(),
    started_at: z.number().nullable(),
    ended_at: z.number().nullable(),
    prompt_tokens: z.number(),
    completion_tokens: z.number(),
    model_id: z.string().nullable(),
    conversation_id: z.string(),
    user_message_id: z.string().nullable(),
    answer_message_id: z.string().nullable(),
    output_file: z.string().nullable(),
    output_note_id: z.number().nullable(),
    output_task_id: z.number().nullable(),
  })
  .transform((r): Run => ({
    id: r.id,
    jobId: r.job_id,
    jobName: r.job_name,
    trigger: r.trigger,
    slotKey: r.slot_key,
    missedSlotAt: r.missed_slot_at,
    triggerPath: r.trigger_path,
    status: r.status,
    reason: r.reason,
    limitHit: r.limit_hit,
    error: parseJsonColumn(r.error_json, RunError.nullable(), null),
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.started_at !== null && r.ended_at !== null ? r.ended_at - r.started_at : null,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    modelId: r.model_id,
    conversationId: r.conversation_id,
    userMessageId: r.user_message_id,
    answerMessageId: r.answer_message_id,
    outputFile: r.output_file,
    outputNoteId: r.output_note_id,
    outputTaskId: r.output_task_id,
  }));

const SELECT = 'SELECT r.*, j.name AS job_name FROM job_runs r JOIN jobs j ON j.id = r.job_id';

export interface NewRun {
  jobId: string;
  trigger: Run['trigger'];
  slotKey: string | null;
  missedSlotAt?: number | null;
  triggerPath: string | null;
  conversationId: string;
}

export interface RunEnd {
  status: Extract<Run['status'], 'succeeded' | 'failed' | 'limit' | 'cancelled'>;
  reason: string | null;
  limitHit: Run['limitHit'];
  error: Run['error'];
  promptTokens: number;
  completionTokens: number;
  answerMessageId: string | null;
  outputFile: string | null;
  outputNoteId: number | null;
  outputTaskId: number | null;
}

export interface RunFilter {
  jobId?: string;
  status?: Run['status'];
  query?: string;
  limit: number;
  before?: number;
}

export class RunStore {
  constructor(
    private readonly target: StorageTarget,
    private readonly now: () => number,
  ) {}

  /** Queues a run; null when its slot already has one (the slot was run, or is running, already). */
  insert(run: NewRun, reason: string | null = null): Run | null {
    const id = randomUUID();
    const inserted = writeTransaction(this.target, 'queue the run', () => this.insertRow(id, run, reason));
    return inserted ? this.get(id) : null;
  }

  /** For callers that claim a slot inside their own transaction (the scheduler moves its cursor with it). */
  insertRow(id: string, run: NewRun, reason: string | null): boolean {
    const result = this.target.db
      .prepare(
        `INSERT INTO job_runs (id, job_id, trigger, slot_key, missed_slot_at, trigger_path, status, reason, queued_at,
          conversation_id) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        id,
        run.jobId,
        run.trigger,
        run.slotKey,
        run.missedSlotAt ?? null,
        run.triggerPath,
        reason,
        this.now(),
        run.conversationId,
      );
    return result.changes > 0;
  }

  find(id: string): Run | null {
    const row = readQuery(this.target, 'read a run', () => this.target.db.prepare(`${SELECT} WHERE r.id = ?`).get(id));
    const parsed = RunRow.safeParse(row);
    return parsed.success ? parsed.data : null;
  }

  get(id: string): Run {
    const run = this.find(id);
    if (!run) throw new OutpostError('not_found', `No run with id "${id}"`, { runId: id });
    return run;
  }

  list(filter: RunFilter): Run[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      params.push(value);
    };
    if (filter.jobId) add('r.job_id = ?', filter.jobId);
    if (filter.status) add('r.status = ?', filter.status);
    if (filter.before !== undefined) add('r.queued_at < ?', filter.before);
    if (filter.query) {
      // Plain substring search over what a run is remembered by: job name, trigger, file, error, reason.
      where.push(
        "(j.name LIKE ? ESCAPE '\\' OR r.trigger LIKE ? ESCAPE '\\' OR coalesce(r.trigger_path, '') LIKE ? ESCAPE '\\' OR coalesce(r.error_json, '') LIKE ? ESCAPE '\\' OR coalesce(r.reason, '') LIKE ? ESCAPE '\\')",
      );
      const like = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like, like, like, like);
    }
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.queued_at DESC, r.rowid DESC LIMIT ?`;
    const rows = readQuery(this.target, 'read runs', () => this.target.db.prepare(sql).all(...params, filter.limit));
    return rows.flatMap((row) => {
      const parsed = RunRow.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
  }

  lastOf(jobId: string): Run | null {
    return this.list({ jobId, limit: 1 })[0] ?? null;
  }

  /** Runs not finished yet (waiting, running, parked on an approval), oldest first. */
  open(): Run[] {
    return this.list({ limit: 10_000 })
      .filter((r) => r.status === 'waiting' || r.status === 'running' || r.status === 'waiting-for-approval')
      .reverse();
  }

  setWaitReason(id: string, reason: string | null): Run {
    this.write('update the run', 'UPDATE job_runs SET reason = ? WHERE id = ? AND status = ?', reason, id, 'waiting');
    return this.get(id);
  }

  markStarted(id: string, start: { modelId: string | null; userMessageId: string; conversationId: string }): Run {
    this.write(
      'start the run',
      `UPDATE job_runs SET status = 'running', reason = NULL, started_at = ?, model_id = ?, user_message_id = ?,
        conversation_id = ? WHERE id = ?`,
      this.now(),
      start.modelId,
      start.userMessageId,
      start.conversationId,
      id,
    );
    return this.get(id);
  }

  /** running ⇄ waiting-for-approval while an "ask" card is open. */
  setParked(id: string, parked: boolean): Run {
    const [from, to] = parked ? ['running', 'waiting-for-approval'] : ['waiting-for-approval', 'running'];
    this.write('update the run', 'UPDATE job_runs SET status = ? WHERE id = ? AND status = ?', to, id, from);
    return this.get(id);
  }

  finish(id: string, end: RunEnd): Run {
    this.write(
      'finish the run',
      `UPDATE job_runs SET status = ?, reason = ?, limit_hit = ?, error_json = ?, ended_at = ?,
        prompt_tokens = ?, completion_tokens = ?, answer_message_id = ?,
        output_file = ?, output_note_id = ?, output_task_id = ? WHERE id = ?`,
      end.status,
      end.reason,
      end.limitHit,
      end.error ? JSON.stringify(end.error) : null,
      this.now(),
      end.promptTokens,
      end.completionTokens,
      end.answerMessageId,
      end.outputFile,
      end.outputNoteId,
      end.outputTaskId,
      id,
    );
    return this.get(id);
  }

  /** On start: whatever the last process left unfinished is `interrupted`, never run again. */
  interruptOpen(): number {
    const at = this.now();
    return writeTransaction(
      this.target,
      'close interrupted runs',
      () =>
        this.target.db
          .prepare(
            `UPDATE job_runs SET status = 'interrupted', ended_at = ?,
              reason = CASE WHEN status = 'waiting' THEN 'Outpost closed before the run started'
                ELSE 'Outpost closed or crashed while the run was in progress; it was not run again' END
             WHERE status IN ('waiting', 'running', 'waiting-for-approval')`,
          )
          .run(at).changes,
    );
  }

  private write(action: string, sql: string, ...params: unknown[]): void {
    writeTransaction(this.target, action, () => this.target.db.prepare(sql).run(...params));
  }
}
