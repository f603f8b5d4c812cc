/** Background agents: jobs (agent + instruction + trigger + output + limits), their runs and the approvals Inbox. */
import { z } from 'zod';
import { AgentId } from './agents';
import { Empty } from './app';
import { Message } from './conversations';

export const JobId = z.string().min(1).max(64);
export const RunId = z.string().min(1).max(64);

/** An IANA zone such as "Europe/Paris"; checked against Intl so a typo is a clear bad_request. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a known time zone (e.g. Europe/Paris, UTC)' },
  );

/** What starts a job's runs; "run now" works for every job. */
export const JobTrigger = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('schedule'),
      /** Five or six fields (croner syntax), e.g. "0 9 * * 1-5" for weekdays at 9:00. */
      cron: z.string().trim().min(1).max(120),
      timeZone: TimeZone,
    })
    .strict(),
  z.object({ kind: z.literal('once'), at: z.number().int().nonnegative() }).strict(),
  z.object({ kind: z.literal('app-start') }).strict(),
  /** New or changed files in a granted folder; the file's path is handed to the run. */
  z
    .object({
      kind: z.literal('folder'),
      path: z.string().min(1).max(4096),
      debounceMs: z.number().int().min(100).max(600_000).default(2_000),
    })
    .strict(),
  /** `POST /v1/jobs/{id}/runs` on the local API (same key and loopback rules). */
  z.object({ kind: z.literal('api') }).strict(),
  /** Only "run now". */
  z.object({ kind: z.literal('manual') }).strict(),
]);
export type JobTrigger = z.output<typeof JobTrigger>;

export const JobLimits = z
  .object({
    maxToolRounds: z.number().int().min(0).max(16).default(4),
    /** Generated tokens over the whole run. */
    maxTokens: z.number().int().min(1).max(65_536).default(2_048),
    maxWallSeconds: z
      .number()
      .int()
      .min(5)
      .max(24 * 3600)
      .default(600),
    /** An unanswered "ask" card ends the run after this long. */
    approvalExpiryMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
  })
  .strict();
export type JobLimits = z.output<typeof JobLimits>;

export const JobOutput = z
  .object({
    /** Also write each run's answer as a Markdown file into this granted folder. */
    markdownFolder: z.string().min(1).max(4096).nullable().default(null),
    /** Also save each run's answer as a note of the agent (its notes_search tool finds it later). */
    note: z.boolean().default(false),
    /** Also add a task to the agent's task list, titled by the answer's first line. */
    task: z.boolean().default(false),
  })
  .strict();

/** What to do about schedule slots missed while the app was closed or the machine slept. */
export const MissedPolicy = z.enum(['skip', 'run-once']);

export const JobInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    agentId: AgentId,
    instruction: z.string().trim().min(1).max(20_000),
    trigger: JobTrigger,
    output: JobOutput.default({ markdownFolder: null, note: false, task: false }),
    limits: JobLimits.default({ maxToolRounds: 4, maxTokens: 2_048, maxWallSeconds: 600, approvalExpiryMinutes: 60 }),
    missedPolicy: MissedPolicy.default('skip'),
    /** The run's first round must call one of the agent's tools (jobs that always start by looking something up). */
    requireTool: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .strict();
export type JobInput = z.output<typeof JobInput>;

export const RunStatus = z.enum([
  /** Queued: waiting for a slot, a foreground chat on the same model, or memory. */
  'waiting',
  'running',
  'waiting-for-approval',
  'succeeded',
  'failed',
  'limit',
  'cancelled',
  'interrupted',
]);
export type RunStatus = z.output<typeof RunStatus>;
export const FINISHED_RUN_STATUSES = ['succeeded', 'failed', 'limit', 'cancelled', 'interrupted'] as const;

export const RunTriggerKind = z.enum(['schedule', 'once', 'app-start', 'folder', 'api', 'manual']);

export const Run = z.object({
  id: RunId,
  jobId: JobId,
  jobName: z.string(),
  trigger: RunTriggerKind,
  /** The schedule slot it runs for (no slot runs twice) or null. */
  slotKey: z.string().nullable(),
  /** The slot's time when it was missed (Outpost closed or asleep) and run late by the run-once policy. */
  missedSlotAt: z.number().nullable(),
  /** The file a folder trigger saw, handed to the run. */
  triggerPath: z.string().nullable(),
  status: RunStatus,
  /** Why a waiting run waits, or why a finished one ended the way it did. */
  reason: z.string().nullable(),
  limitHit: z.enum(['tool-rounds', 'tokens', 'wall-time']).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  queuedAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  modelId: z.string().nullable(),
  conversationId: z.string(),
  userMessageId: z.string().nullable(),
  answerMessageId: z.string().nullable(),
  /** The Markdown file written for this run, when the job has a folder output. */
  outputFile: z.string().nullable(),
  /** The note (`output.note`) and task (`output.task`) this run saved for the job's agent. */
  outputNoteId: z.number().int().nullable(),
  outputTaskId: z.number().int().nullable(),
});
export type Run = z.output<typeof Run>;

/** What a run saved as the agent's note and task, as they are now (null once deleted). */
export const RunOutputs = z.object({
  note: z.object({ id: z.number().int(), title: z.string(), body: z.string() }).nullable(),
  task: z.object({ id: z.number().int(), title: z.string(), done: z.boolean() }).nullable(),
});
export type RunOutputs = z.output<typeof RunOutputs>;

export const Job = JobInput.extend({
  id: JobId,
  conversationId: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  nextRunAt: z.number().nullable(),
  /** Folder jobs: whether the folder is being watched yet (files written before that start no run); else null. */
  watching: z.boolean().nullable(),
  lastRun: Run.pick({ id: true, status: true, queuedAt: true, endedAt: true }).nullable(),
});
export type Job = z.output<typeof Job>;

/** An "ask" tool call a background run is parked on. */
export const InboxItem = z.object({
  callId: z.string(),
  runId: RunId,
  jobId: JobId,
  jobName: z.string(),
  agentId: z.string(),
  tool: z.string(),
  title: z.string(),
  args: z.unknown(),
  requestedAt: z.number(),
  expiresAt: z.number(),
});
export type InboxItem = z.output<typeof InboxItem>;

export const JobIdInput = z.object({ id: JobId }).strict();
export const RunIdInput = z.object({ id: RunId }).strict();

export const SchedulePreviewInput = z
  .object({ trigger: JobTrigger, count: z.number().int().min(1).max(20).default(5), from: z.number().optional() })
  .strict();

export const RunsListInput = z
  .object({
    jobId: JobId.optional(),
    status: RunStatus.optional(),
    /** Words in the job name, the trigger path or the error. */
    query: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Runs queued before this time (paging). */
    before: z.number().optional(),
  })
  .strict();

/** What the queue's machine rules read now (Jobs screen); idle time is Electron-only. */
export const JobMachineState = z.object({
  onBattery: z.boolean().nullable(),
  idleSeconds: z.number().nonnegative().nullable(),
  idleUnavailable: z.string().nullable(),
  /** Why no desktop notification is shown when a run waits for approval or fails (headless), or null. */
  notificationsUnavailable: z.string().nullable(),
});
export type JobMachineState = z.output<typeof JobMachineState>;

export const jobRoutes = {
  'jobs.list': { input: Empty, output: z.array(Job) },
  'jobs.get': { input: JobIdInput, output: Job },
  'jobs.create': { input: JobInput, output: Job },
  'jobs.update': { input: JobIdInput.extend({ job: JobInput }), output: Job },
  /** Removes the job and its run history; its conversation stays in Chat. */
  'jobs.delete': { input: JobIdInput, output: z.object({ deleted: z.boolean() }) },
  'jobs.setEnabled': { input: JobIdInput.extend({ enabled: z.boolean() }), output: Job },
  'jobs.runNow': { input: JobIdInput, output: Run },
  /** The next runs a trigger would make (schedule and one-off); an invalid cron is bad_request. */
  'jobs.preview': { input: SchedulePreviewInput, output: z.object({ runs: z.array(z.number()) }) },
  'jobs.machine': { input: Empty, output: JobMachineState },
  'runs.list': { input: RunsListInput, output: z.array(Run) },
  'runs.get': {
    input: RunIdInput,
    output: z.object({ run: Run, transcript: z.array(Message), outputs: RunOutputs }),
  },
  'runs.cancel': { input: RunIdInput, output: Run },
  'runs.inbox': { input: Empty, output: z.array(InboxItem) },
  'runs.respond': {
    input: z.object({ callId: z.string().min(1).max(100), decision: z.enum(['approve', 'deny']) }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
} as const;

export const jobEvents = {
  'jobs.changed': z.object({ job: Job.nullable(), id: JobId, deleted: z.boolean() }),
  'runs.changed': Run,
  'runs.inbox': z.array(InboxItem),
  /** A desktop notification was clicked: the app shows the Inbox. */
  'runs.openInbox': z.object({}),
} as const;
