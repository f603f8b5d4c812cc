/** Jobs in SQLite; rows and JSON columns are parsed at the read boundary (a damaged row is skipped, not trusted). */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { JobLimits, JobOutput, JobTrigger, MissedPolicy, OutpostError, type JobInput } from '@contract';
import { tryParseJson } from '../lib/jsonText';
import { readQuery, writeTransaction, type StorageTarget } from '../storage/transactions';

export interface JobRecord extends JobInput {
  id: string;
  conversationId: string;
  /** Schedule slots up to this time have been dealt with (run, skipped or missed). */
  scheduleCursor: number | null;
  createdAt: number;
  updatedAt: number;
}

const Json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.output<T> => {
    const parsed = schema.safeParse(tryParseJson(text));
    if (parsed.success) return parsed.data as z.output<T>;
    ctx.addIssue({ code: 'custom', message: 'damaged JSON column' });
    return z.NEVER;
  });

const JobRow = z
  .object({
    id: z.string(),
    name: z.string(),
    agent_id: z.string(),
    instruction: z.string(),
    trigger_json: Json(JobTrigger),
    output_json: Json(JobOutput),
    limits_json: Json(JobLimits),
    missed_policy: MissedPolicy,
    require_tool: z.number(),
    enabled: z.number(),
    conversation_id: z.string(),
    schedule_cursor: z.number().nullable(),
    created_at: z.number(),
    updated_at: z.number(),
  })
  .transform((r): JobRecord => ({
    id: r.id,
    name: r.name,
    agentId: r.agent_id,
    instruction: r.instruction,
    trigger: r.trigger_json,
    output: r.output_json,
    limits: r.limits_json,
    missedPolicy: r.missed_policy,
    requireTool: r.require_tool === 1,
    enabled: r.enabled === 1,
    conversationId: r.conversation_id,
    scheduleCursor: r.schedule_cursor,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

export class JobStore {
  constructor(
    private readonly target: StorageTarget,
    private readonly now: () => number,
  ) {}

  list(): JobRecord[] {
    return readQuery(this.target, 'read jobs', () =>
      this.target.db
        .prepare('SELECT * FROM jobs ORDER BY created_at, id')
        .all()
        .flatMap((row) => {
          const parsed = JobRow.safeParse(row);
          return parsed.success ? [parsed.data] : [];
        }),
    );
  }

  find(id: string): JobRecord | null {
    const row = readQuery(this.target, 'read a job', () =>
      this.target.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id),
    );
    const parsed = JobRow.safeParse(row);
    return parsed.success ? parsed.data : null;
  }

  get(id: string): JobRecord {
    const job = this.find(id);
    if (!job) throw new OutpostError('not_found', `No job with id "${id}"`, { jobId: id });
    return job;
  }

  create(input: JobInput, conversationId: string): JobRecord {
    const id = randomUUID();
    const at = this.now();
    writeTransaction(this.target, 'save the job', () => {
      this.target.db
        .prepare(
          `INSERT INTO jobs (id, name, agent_id, instruction, trigger_json, output_json, limits_json, missed_policy,
            require_tool, enabled, conversation_id, schedule_cursor, created_at, updated_at)
           VALUES (@id, @name, @agentId, @instruction, @trigger, @output, @limits, @missedPolicy, @requireTool,
            @enabled, @conversationId, @cursor, @at, @at)`,
        )
        .run({ ...this.columns(input), id, conversationId, cursor: at, at });
    });
    return this.get(id);
  }

  /** A changed trigger starts counting its slots from now (no catch-up for times the old trigger had). */
  update(id: string, input: JobInput, conversationId: string): JobRecord {
    const before = this.get(id);
    const at = this.now();
    const triggerChanged = JSON.stringify(before.trigger) !== JSON.stringify(input.trigger);
    writeTransaction(this.target, 'save the job', () => {
      this.target.db
        .prepare(
          `UPDATE jobs SET name = @name, agent_id = @agentId, instruction = @instruction, trigger_json = @trigger,
            output_json = @output, limits_json = @limits, missed_policy = @missedPolicy, require_tool = @requireTool,
            enabled = @enabled,
            conversation_id = @conversationId, schedule_cursor = @cursor, updated_at = @at WHERE id = @id`,
        )
        .run({ ...this.columns(input), id, conversationId, cursor: triggerChanged ? at : before.scheduleCursor, at });
    });
    return this.get(id);
  }

  setEnabled(id: string, enabled: boolean): JobRecord {
    const job = this.get(id);
    // Re-enabling starts from now: slots passed while disabled were not wanted.
    const cursor = enabled && !job.enabled ? this.now() : job.scheduleCursor;
    writeTransaction(this.target, 'save the job', () => {
      this.target.db
        .prepare('UPDATE jobs SET enabled = ?, schedule_cursor = ?, updated_at = ? WHERE id = ?')
        .run(enabled ? 1 : 0, cursor, this.now(), id);
    });
    return this.get(id);
  }

  /** The job's conversation was deleted in Chat: its next run starts a new one. */
  setConversation(id: string, conversationId: string): void {
    writeTransaction(this.target, 'save the job', () => {
      this.target.db.prepare('UPDATE jobs SET conversation_id = ? WHERE id = ?').run(conversationId, id);
    });
  }

  setCursor(id: string, cursor: number): void {
    this.target.db.prepare('UPDATE jobs SET schedule_cursor = ? WHERE id = ?').run(cursor, id);
  }

  delete(id: string): boolean {
    return writeTransaction(
      this.target,
      'delete the job',
      () => this.target.db.prepare('DELETE FROM jobs WHERE id = ?').run(id).changes > 0,
    );
  }

  private columns(input: JobInput) {
    return {
      name: input.name,
      agentId: input.agentId,
      instruction: input.instruction,
      trigger: JSON.stringify(input.trigger),
      output: JSON.stringify(input.output),
      limits: JSON.stringify(input.limits),
      missedPolicy: input.missedPolicy,
      requireTool: input.requireTool ? 1 : 0,
      enabled: input.enabled ? 1 : 0,
    };
  }
}
