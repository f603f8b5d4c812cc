/** Wiring for the jobs domain: stores, Inbox, runner, queue (with its machine gates) and the service. */
import type { Database } from 'better-sqlite3';
import type { ActiveTurn, LoadedModel, MemoryEstimate, Settings } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import { resolveTurnTarget } from '../chat/turnTarget';
import type { ModelResolver } from '../chat/modelResolver';
import type { RuntimeBase } from '../chat/turnRunner';
import type { ConversationStore } from '../conversations/conversationStore';
import type { Clock, EventSink, Logger, NotificationPort } from '../ports';
import type { RequestApproval } from '../tools/permissionPolicy';
import type { ToolExecutor } from '../tools/toolExecutor';
import type { GrantSource } from './folderAccess';
import { FolderTriggers } from './folderTriggers';
import { JobInbox } from './jobInbox';
import { JobRunner } from './jobRunner';
import { JobService } from './jobService';
import { JobStore } from './jobStore';
import { machineWaitReason, type MachineStatePort } from './machineGates';
import { foregroundWaitReason, memoryWaitReason } from './queueGates';
import { NO_DESKTOP_NOTIFICATIONS, RunNotifier } from './runNotifier';
import type { StartTimer } from './runLimits';
import { RunQueue } from './runQueue';
import { RunStore } from './runStore';
import { saveNoteAndTask, writeRunOutput, type NoteAndTaskStores } from './outputWriter';

export interface JobsWiring {
  db: Database;
  dbFile: string;
  agents: { find(id: string): { definition: AgentDefinition } | null };
  models: ModelResolver;
  conversations: ConversationStore;
  runtime: RuntimeBase;
  executorFor(requestApproval: RequestApproval, approvalTimeoutMs: number): ToolExecutor;
  /** The foreground chat: its running turns, and a way to hear when they change. */
  chat: { activeTurns(): ActiveTurn[]; onActiveChange(listener: () => void): () => void };
  lifecycle: { list(): LoadedModel[]; estimate(modelId: string): Promise<MemoryEstimate> };
  settings: { get(): Settings; onChange(listener: (next: Settings) => void): void };
  /** Battery and idle readings for the optional machine rules (Settings `jobsNotOnBattery`, `jobsIdleMinutes`). */
  machine: MachineStatePort;
  /** Desktop notifications when a run parks for approval or fails; none in headless. */
  notifications?: NotificationPort;
  /** The agents' notes and tasks (a job's note and task outputs). */
  stores: NoteAndTaskStores;
  /** Folders granted to agents: folder triggers and Markdown outputs must lie inside one. */
  grants: GrantSource;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  /** Tests: drive the schedule by hand and decide when wall time runs out. */
  timers?: boolean;
  startTimer?: StartTimer;
}

export function createJobs(w: JobsWiring): JobService {
  const storage = { db: w.db, dbFile: w.dbFile };
  const now = () => w.clock.now();
  const jobs = new JobStore(storage, now);
  const runs = new RunStore(storage, now);
  const inbox = new JobInbox((items) => w.events.emit('runs.inbox', items), now);
  // Late-bound: the queue, runner and service refer to each other through these callbacks only.
  let service: JobService | null = null;
  const notifications = w.notifications ?? NO_DESKTOP_NOTIFICATIONS;
  const notifier = new RunNotifier({
    port: notifications,
    jobName: (jobId) => jobs.find(jobId)?.name ?? 'A background job',
    openInbox: () => w.events.emit('runs.openInbox', {}),
  });
  const changed = (run: Parameters<JobService['runChanged']>[0]) => {
    service?.runChanged(run);
    notifier.runChanged(run);
  };

  const foregroundModels = (): Set<string> => {
    const models = new Set<string>();
    for (const turn of w.chat.activeTurns()) {
      const agent = w.agents.find(turn.agentId)?.definition;
      if (!agent) continue;
      try {
        const target = resolveTurnTarget({ agents: w.agents, models: w.models }, agent);
        if (target.kind === 'single') models.add(target.modelId);
        else {
          models.add(target.routerModelId);
          for (const member of target.members) {
            const resolved = w.models.tryResolve(member);
            if (resolved) models.add(resolved.modelId);
          }
        }
      } catch {
        // An agent that cannot run holds no model.
      }
    }
    return models;
  };

  const queue = new RunQueue({
    gates: {
      machine: () => machineWaitReason(w.settings.get(), w.machine),
      maxConcurrent: () => w.settings.get().jobsMaxConcurrentRuns,
      modelFor: (runId) => {
        const run = runs.find(runId);
        return run ? runner.modelFor(run.jobId) : null;
      },
      foreground: (modelId) => foregroundWaitReason(foregroundModels(), modelId),
      memory: (modelId) =>
        memoryWaitReason(
          { loaded: () => w.lifecycle.list(), estimate: (id) => w.lifecycle.estimate(id), now },
          modelId,
        ),
    },
    start: (runId) => runner.execute(runId),
    waiting: (runId, reason) => {
      const run = runs.setWaitReason(runId, reason);
      changed(run);
    },
    logger: w.logger,
  });
  // The queue's callbacks reach the runner only after both exist.
  const runner: JobRunner = new JobRunner({
    runtime: w.runtime,
    executorFor: w.executorFor,
    models: w.models,
    agents: w.agents,
    conversations: w.conversations,
    jobs,
    runs,
    inbox,
    queue,
    changed,
    writeOutput: async (job, run, answer) => {
      let saved: { noteId: number | null; taskId: number | null } = { noteId: null, taskId: null };
      try {
        saved = saveNoteAndTask(w.stores, job, run, answer, now());
      } catch (error) {
        w.logger.warn('could not save the run output as a note or task', { runId: run.id, error: String(error) });
      }
      // A failed file write keeps the note and task ids that were saved.
      const outputFile = await writeRunOutput(w.grants, job, run, answer, now()).catch((error: unknown) => {
        w.logger.warn('could not write the run output file', { runId: run.id, error: String(error) });
        return null;
      });
      return { outputFile, outputNoteId: saved.noteId, outputTaskId: saved.taskId };
    },
    events: w.events,
    logger: w.logger,
    clock: w.clock,
    startTimer: w.startTimer,
  });
  service = new JobService({
    storage,
    jobs,
    runs,
    runner,
    queue,
    inbox,
    conversations: w.conversations,
    agents: w.agents,
    grants: w.grants,
    stores: w.stores,
    machine: w.machine,
    notificationsUnavailable: notifications.unavailable,
    folders: new FolderTriggers({
      fire: (jobId, paths) => service?.folderChanged(jobId, paths),
      watching: (jobId) => service?.folderWatching(jobId),
      logger: w.logger,
    }),
    events: w.events,
    logger: w.logger,
    clock: w.clock,
    timers: w.timers,
  });
  w.chat.onActiveChange(() => queue.poke());
  w.settings.onChange(() => queue.poke());
  w.machine.onChange?.(() => queue.poke());
  return service;
}
