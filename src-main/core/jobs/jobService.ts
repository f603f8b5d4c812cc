/**
 * Everything behind jobs.* and runs.*: jobs and their triggers, the schedule (slots claimed once, missed-run
 * policy), the queue, cancelling, the Inbox and the run history.
 */
import {
  OutpostError,
  type InboxItem,
  type Job,
  type JobMachineState,
  type JobInput,
  type JobTrigger,
  type MessageView,
  type Run,
  type RunOutputs,
} from '@contract';
import { randomUUID } from 'node:crypto';
import { writeTransaction, type StorageTarget } from '../storage/transactions';
import type { ConversationStore } from '../conversations/conversationStore';
import type { Clock, EventSink, Logger } from '../ports';
import { grantedFolder, type GrantSource } from './folderAccess';
import { describePaths, type FolderTriggers } from './folderTriggers';
import type { JobInbox } from './jobInbox';
import { machineState, type MachineStatePort } from './machineGates';
import { runOutputs, type NoteAndTaskStores } from './outputWriter';
import type { JobRunner } from './jobRunner';
import type { JobRecord, JobStore } from './jobStore';
import type { RunQueue } from './runQueue';
import type { RunFilter, RunStore } from './runStore';
import { assertValidTrigger, dueSlot, nextRuns, ON_TIME_GRACE_MS } from './schedule';

/** The schedule is looked at least this often, so a clock change or a wake from sleep is noticed soon. */
const MAX_TICK_MS = 60_000;

export interface JobServiceDeps {
  storage: StorageTarget;
  jobs: JobStore;
  runs: RunStore;
  runner: JobRunner;
  queue: RunQueue;
  inbox: JobInbox;
  conversations: ConversationStore;
  agents: { find(id: string): unknown };
  grants: GrantSource;
  /** The agents' notes and tasks, to name what a run saved. */
  stores: NoteAndTaskStores;
  machine: MachineStatePort;
  /** Why desktop notifications are not shown on this host, or null. */
  notificationsUnavailable: string | null;
  folders: FolderTriggers;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  /** false in tests that drive `tick()` by hand on an injected clock. */
  timers?: boolean;
}

export class JobService {
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(private readonly d: JobServiceDeps) {}

  /** On start: unfinished runs of the last process become `interrupted`; app-start jobs run; the schedule ticks. */
  start(): void {
    const interrupted = this.d.runs.interruptOpen();
    if (interrupted > 0) this.d.logger.warn('background runs interrupted by the last shutdown', { interrupted });
    for (const job of this.d.jobs.list()) {
      if (job.enabled && job.trigger.kind === 'app-start') this.queue(job, 'app-start', null, null);
    }
    this.tick();
    this.d.folders.sync(this.d.jobs.list());
  }

  /** A folder job saw new or changed files (debounced): one run with their paths. */
  folderChanged(jobId: string, paths: string[]): void {
    if (paths.length === 0 || this.disposed) return;
    try {
      this.runNow(jobId, 'folder', describePaths(paths));
    } catch (error) {
      this.d.logger.warn('folder trigger could not queue a run', { jobId, error: String(error) });
    }
  }

  /** A folder job's watcher is ready: its row now says it is watching. */
  folderWatching(jobId: string): void {
    const job = this.d.jobs.find(jobId);
    if (job && !this.disposed) this.d.events.emit('jobs.changed', { job: this.view(job), id: job.id, deleted: false });
  }

  /** Resolves once every folder watcher has read its folder (tests write files after this). */
  foldersReady(): Promise<void> {
    return this.d.folders.ready();
  }

  /** Battery and idle readings behind the optional machine rules, and why idle time is unknown here. */
  async machineState(): Promise<JobMachineState> {
    return { ...(await machineState(this.d.machine)), notificationsUnavailable: this.d.notificationsUnavailable };
  }

  list(): Job[] {
    return this.d.jobs.list().map((job) => this.view(job));
  }

  get(id: string): Job {
    return this.view(this.d.jobs.get(id));
  }

  create(input: JobInput): Job {
    this.check(input);
    const conversation = this.d.conversations.create(input.agentId, { title: `Job: ${input.name}` });
    const job = this.d.jobs.create(input, conversation.id);
    return this.changed(job);
  }

  update(id: string, input: JobInput): Job {
    this.check(input);
    const before = this.d.jobs.get(id);
    let conversationId = before.conversationId;
    if (before.agentId !== input.agentId) {
      // A conversation belongs to one agent: a job moved to another agent starts a new one.
      conversationId = this.d.conversations.create(input.agentId, { title: `Job: ${input.name}` }).id;
    }
    const job = this.d.jobs.update(id, input, conversationId);
    return this.changed(job);
  }

  async delete(id: string): Promise<boolean> {
    const job = this.d.jobs.find(id);
    if (!job) return false;
    for (const run of this.d.runs.open().filter((r) => r.jobId === id)) this.cancel(run.id);
    const deleted = this.d.jobs.delete(id);
    this.d.events.emit('jobs.changed', { job: null, id, deleted: true });
    this.reschedule();
    this.d.folders.sync(this.d.jobs.list());
    return deleted;
  }

  setEnabled(id: string, enabled: boolean): Job {
    return this.changed(this.d.jobs.setEnabled(id, enabled));
  }

  /** Queues a run now ("run now", an API call, a folder event); it still waits for the queue's gates. */
  runNow(id: string, trigger: 'manual' | 'api' | 'folder' = 'manual', path: string | null = null): Run {
    const job = this.d.jobs.get(id);
    if (trigger !== 'manual' && !job.enabled) {
      throw new OutpostError('conflict', `The job "${job.name}" is disabled`, { jobId: id });
    }
    const run = this.queue(job, trigger, null, path);
    if (!run) throw new OutpostError('internal', 'The run could not be queued');
    return run;
  }

  /** `POST /v1/jobs/{id}/runs`: only jobs whose trigger is an API call can be started from outside. */
  runFromApi(id: string): Run {
    const job = this.d.jobs.get(id);
    if (job.trigger.kind !== 'api') {
      throw new OutpostError(
        'conflict',
        `The job "${job.name}" is not started by API calls (its trigger is ${job.trigger.kind})`,
        {
          jobId: id,
        },
      );
    }
    return this.runNow(id, 'api');
  }

  preview(trigger: JobTrigger, count: number, from?: number): number[] {
    return nextRuns(trigger, from ?? this.d.clock.now(), count);
  }

  listRuns(filter: RunFilter): Run[] {
    return this.d.runs.list(filter);
  }

  /** The run and its transcript: its user message and every reply up to the next run's message. */
  runDetail(id: string): { run: Run; transcript: MessageView[]; outputs: RunOutputs } {
    const run = this.d.runs.get(id);
    return { run, transcript: this.transcriptOf(run), outputs: runOutputs(this.d.stores, run) };
  }

  private transcriptOf(run: Run): MessageView[] {
    if (!run.userMessageId) return [];
    let messages: MessageView[];
    try {
      messages = this.d.conversations.messages(run.conversationId);
    } catch {
      return [];
    }
    const first = messages.findIndex((m) => m.id === run.userMessageId);
    if (first < 0) return [];
    const next = messages.findIndex((m, i) => i > first && m.role === 'user');
    return messages.slice(first, next < 0 ? undefined : next);
  }

  cancel(id: string): Run {
    const run = this.d.runs.get(id);
    if (this.d.queue.remove(id)) {
      const ended = this.d.runs.finish(id, {
        status: 'cancelled',
        reason: 'Cancelled before it started',
        limitHit: null,
        error: null,
        promptTokens: 0,
        completionTokens: 0,
        answerMessageId: null,
        outputFile: null,
        outputNoteId: null,
        outputTaskId: null,
      });
      this.runChanged(ended);
      return ended;
    }
    // A running run records its own end once the runtime has stopped writing.
    this.d.runner.cancel(id, 'Cancelled');
    return run;
  }

  inbox(): InboxItem[] {
    return this.d.inbox.list();
  }

  respond(callId: string, decision: 'approve' | 'deny'): boolean {
    return this.d.inbox.respond(callId, decision);
  }

  /** Looks at every schedule: queues the slot each job owes (on time, or missed with policy run-once). */
  tick(): void {
    if (this.disposed) return;
    const now = this.d.clock.now();
    for (const job of this.d.jobs.list()) {
      if (!job.enabled || (job.trigger.kind !== 'schedule' && job.trigger.kind !== 'once')) continue;
      try {
        this.tickJob(job, now);
      } catch (error) {
        this.d.logger.error('job schedule check failed', { jobId: job.id, error: String(error) });
      }
    }
    this.reschedule();
  }

  /** A run changed (queued, started, parked, ended): tell the screens. */
  runChanged(run: Run): void {
    this.d.events.emit('runs.changed', run);
    // Every status change: the job row's last-run badge also shows running and waiting-for-approval.
    const job = this.d.jobs.find(run.jobId);
    if (job) this.d.events.emit('jobs.changed', { job: this.view(job), id: job.id, deleted: false });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.d.queue.dispose();
    await this.d.folders.dispose();
    await this.d.runner.dispose();
  }

  private tickJob(job: JobRecord, now: number): void {
    const slot = dueSlot(job.trigger, job.scheduleCursor ?? job.createdAt, now);
    if (!slot) return;
    const onTime = now - slot.at <= ON_TIME_GRACE_MS;
    const wanted = onTime || job.missedPolicy === 'run-once';
    if (!onTime) {
      this.d.logger.info('job schedule slots missed while Outpost was closed or asleep', {
        jobId: job.id,
        missed: slot.skipped + 1,
        policy: job.missedPolicy,
      });
    }
    const id = randomUUID();
    const trigger = job.trigger.kind === 'once' ? 'once' : 'schedule';
    // Claiming the slot and moving the cursor together: a crash between them can neither lose nor repeat a slot.
    const inserted = writeTransaction(this.d.storage, 'queue the scheduled run', () => {
      const claimed = wanted
        ? this.d.runs.insertRow(
            id,
            {
              jobId: job.id,
              trigger,
              slotKey: slot.key,
              missedSlotAt: onTime ? null : slot.at,
              triggerPath: null,
              conversationId: job.conversationId,
            },
            null,
          )
        : false;
      this.d.jobs.setCursor(job.id, now);
      return claimed;
    });
    if (inserted) this.enqueued(this.d.runs.get(id));
  }

  private queue(job: JobRecord, trigger: Run['trigger'], slotKey: string | null, path: string | null): Run | null {
    const run = this.d.runs.insert({
      jobId: job.id,
      trigger,
      slotKey,
      triggerPath: path,
      conversationId: job.conversationId,
    });
    if (run) this.enqueued(run);
    return run;
  }

  private enqueued(run: Run): void {
    this.runChanged(run);
    this.d.queue.enqueue(run.id);
  }

  private reschedule(): void {
    if (this.d.timers === false || this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.d.clock.now();
    const next = this.d.jobs
      .list()
      .filter((j) => j.enabled)
      .flatMap((j) => {
        try {
          return nextRuns(j.trigger, now, 1);
        } catch {
          return [];
        }
      });
    const delay = Math.min(MAX_TICK_MS, Math.max(0, Math.min(...next, now + MAX_TICK_MS) - now));
    this.timer = setTimeout(() => this.tick(), delay + 5);
    this.timer.unref();
  }

  private check(input: JobInput): void {
    if (!this.d.agents.find(input.agentId)) {
      throw new OutpostError('not_found', `No agent with id "${input.agentId}"`, { agentId: input.agentId });
    }
    assertValidTrigger(input.trigger);
    if (input.trigger.kind === 'folder')
      grantedFolder(this.d.grants, input.agentId, input.trigger.path, 'trigger.path');
    if (input.output.markdownFolder) {
      grantedFolder(this.d.grants, input.agentId, input.output.markdownFolder, 'output.markdownFolder');
    }
  }

  private changed(job: JobRecord): Job {
    const view = this.view(job);
    this.d.events.emit('jobs.changed', { job: view, id: job.id, deleted: false });
    this.reschedule();
    this.d.folders.sync(this.d.jobs.list());
    return view;
  }

  private view(job: JobRecord): Job {
    const { scheduleCursor: _cursor, ...rest } = job;
    let nextRunAt: number | null = null;
    if (job.enabled) {
      try {
        nextRunAt = nextRuns(job.trigger, this.d.clock.now(), 1)[0] ?? null;
      } catch {
        nextRunAt = null;
      }
    }
    const last = this.d.runs.lastOf(job.id);
    return {
      ...rest,
      nextRunAt,
      watching: job.trigger.kind === 'folder' ? this.d.folders.isWatching(job.id) : null,
      lastRun: last ? { id: last.id, status: last.status, queuedAt: last.queuedAt, endedAt: last.endedAt } : null,
    };
  }
}
