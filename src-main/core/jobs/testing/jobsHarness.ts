/**
 * The jobs domain over real parts (the chat harness: a worker process with generated tiny models, SQLite,
 * the tool executor and ChatService for foreground turns), on an injected clock with the schedule driven by hand.
 */
import { DEFAULT_SETTINGS, JobInput, type Run, type Settings } from '@contract';
import { createChatHarness, pickColour, type ChatHarness } from '../../chat/testing/chatHarness';
import { ModelResolver } from '../../chat/modelResolver';
import { ToolAuditLog } from '../../tools/auditLog';
import { createBuiltinRegistry } from '../../tools/builtin/index';
import { ToolExecutor } from '../../tools/toolExecutor';
import { createMemoryLogger } from '../../testing/testPorts';
import { createJobs } from '../createJobs';
import type { JobService } from '../jobService';
import type { StartTimer } from '../runLimits';

// The tiny model's BPE never makes more tokens than bytes; +24 covers the ChatML markers around a message.
const countTokens = (text: string) => Buffer.byteLength(text, 'utf8') + 24;

export interface JobsHarness {
  chat: ChatHarness;
  jobs: JobService;
  /** The injected clock's time (ms); the schedule only moves when the test calls `jobs.tick()`. */
  now: number;
  settings: Settings;
  /** Wall-time timers started by runs: the test fires them. */
  timers: { ms: number; fire: () => void }[];
  /** Overrides each job's approval expiry (ms) when set. */
  approvalTimeoutMs: number | null;
  /** A new JobService over the same database, as after a restart (the old one is disposed first). */
  restart(): Promise<JobService>;
  /** Resolves with the run once it has ended. */
  ended(runId: string): Promise<Run>;
  dispose(): Promise<void>;
}

export function jobInput(agentId: string, overrides: Partial<JobInput> = {}): JobInput {
  return JobInput.parse({
    name: 'Morning summary',
    agentId,
    instruction: 'Summarise the day.',
    trigger: { kind: 'manual' },
    ...overrides,
  });
}

export async function createJobsHarness(start = Date.parse('2026-03-27T12:00:00Z')): Promise<JobsHarness> {
  const chat = await createChatHarness();
  const registry = createBuiltinRegistry(chat.stores);
  registry.register(pickColour);
  const audit = new ToolAuditLog(chat.t.db);
  const logger = createMemoryLogger();
  const installed = new Set(['tiny-1', 'tiny-2']);
  const models = new ModelResolver({ installedModelFor: (ref) => (installed.has(ref) ? { id: ref } : null) });
  const startTimer: StartTimer = (ms, fire) => {
    const timer = { ms, fire };
    h.timers.push(timer);
    return () => void h.timers.splice(h.timers.indexOf(timer) >>> 0, 1);
  };
  const make = () =>
    createJobs({
      db: chat.t.db,
      dbFile: chat.t.dbFile,
      agents: chat.agents,
      models,
      conversations: chat.conversations,
      runtime: {
        lifecycle: chat.lifecycle,
        executorFor: () => {
          throw new Error('jobs build their executors with executorFor(requestApproval, timeout)');
        },
        registry,
        facts: chat.stores.facts,
        logger,
        clock: { now: () => h.now },
        countTokens,
      },
      executorFor: (requestApproval, approvalTimeoutMs) =>
        new ToolExecutor({
          registry,
          audit,
          logger,
          now: Date.now,
          requestApproval,
          approvalTimeoutMs: h.approvalTimeoutMs ?? approvalTimeoutMs,
        }),
      chat: chat.chat,
      lifecycle: chat.lifecycle,
      settings: { get: () => h.settings, onChange: () => undefined },
      grants: chat.stores.grants,
      stores: chat.stores,
      machine: { onBattery: async () => false, idleSeconds: () => null, idleUnavailable: 'not in this harness' },
      events: chat.sink,
      logger,
      clock: { now: () => h.now },
      timers: false,
      startTimer,
    });
  const h: JobsHarness = {
    chat,
    jobs: undefined as unknown as JobService,
    now: start,
    settings: { ...DEFAULT_SETTINGS },
    timers: [],
    approvalTimeoutMs: null,
    async restart() {
      await h.jobs.dispose();
      h.jobs = make();
      h.jobs.start();
      return h.jobs;
    },
    ended: (runId) =>
      chat.sink.next(
        'runs.changed',
        (r) => r.id === runId && ['succeeded', 'failed', 'limit', 'cancelled', 'interrupted'].includes(r.status),
      ),
    async dispose() {
      await h.jobs.dispose();
      await chat.dispose();
    },
  };
  h.jobs = make();
  h.jobs.start();
  return h;
}
