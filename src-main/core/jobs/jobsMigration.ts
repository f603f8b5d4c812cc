/** The jobs domain's tables: jobs, their runs (one row per run, a unique slot per schedule time) and the cursor. */
import type { Migration } from '../storage/migrations';

export function jobsMigration(version: number): Migration {
  return {
    version,
    name: 'background_jobs',
    up(db) {
      // schedule_cursor: the time up to which the schedule has been looked at (missed slots are judged from it).
      db.exec(`CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        instruction TEXT NOT NULL,
        trigger_json TEXT NOT NULL,
        output_json TEXT NOT NULL,
        limits_json TEXT NOT NULL,
        missed_policy TEXT NOT NULL CHECK (missed_policy IN ('skip', 'run-once')),
        require_tool INTEGER NOT NULL CHECK (require_tool IN (0, 1)),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        conversation_id TEXT NOT NULL,
        schedule_cursor INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE job_runs (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'once', 'app-start', 'folder', 'api', 'manual')),
        slot_key TEXT,
        missed_slot_at INTEGER,
        trigger_path TEXT,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'running', 'waiting-for-approval', 'succeeded', 'failed',
          'limit', 'cancelled', 'interrupted')),
        reason TEXT,
        limit_hit TEXT CHECK (limit_hit IN ('tool-rounds', 'tokens', 'wall-time')),
        error_json TEXT,
        queued_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        model_id TEXT,
        conversation_id TEXT NOT NULL,
        user_message_id TEXT,
        answer_message_id TEXT,
        output_file TEXT
      );
      CREATE UNIQUE INDEX job_runs_slot ON job_runs (job_id, slot_key) WHERE slot_key IS NOT NULL;
      CREATE INDEX job_runs_job_time ON job_runs (job_id, queued_at);
      CREATE INDEX job_runs_open ON job_runs (status) WHERE status IN ('waiting', 'running', 'waiting-for-approval');`);
    },
  };
}

/** The note and task a run saved for its agent (`output.note` / `output.task`), so its detail can link to them. */
export function jobRunOutputsMigration(version: number): Migration {
  return {
    version,
    name: 'job_run_output_ids',
    up(db) {
      db.exec(`ALTER TABLE job_runs ADD COLUMN output_note_id INTEGER;
        ALTER TABLE job_runs ADD COLUMN output_task_id INTEGER;`);
    },
  };
}
