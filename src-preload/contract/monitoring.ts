import { z } from 'zod';
import { PredictionCounts } from './inference';

const Bytes = z.number().nonnegative();
const Percent = z.number().min(0);

/** One process of the app. Numbers are null when the platform did not report them this time. */
export const ProcessSample = z.object({
  role: z.enum(['main', 'renderer', 'worker', 'gpu', 'utility']),
  label: z.string(),
  pid: z.number().int().nullable(),
  /** 'restarting' (a worker that died) never carries stale numbers. */
  state: z.enum(['running', 'starting', 'restarting', 'stopped', 'not-reported']),
  rssBytes: Bytes.nullable(),
  /** Share of one core (can exceed 100 on several cores). */
  cpuPercent: Percent.nullable(),
  /** For a headless renderer: the JS heap the tab reports about itself (not a process RSS). */
  jsHeapBytes: Bytes.nullable(),
  note: z.string().nullable(),
});
export type ProcessSample = z.infer<typeof ProcessSample>;

/** VRAM as the inference backend reports it; "not-reported" is never shown as 0. */
export const GpuSample = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('reported'),
    backend: z.string(),
    names: z.array(z.string()),
    totalBytes: Bytes,
    usedBytes: Bytes,
    freeBytes: Bytes,
  }),
  z.object({
    state: z.literal('not-reported'),
    backend: z.string().nullable(),
    /** Graphics adapters the OS lists, even when the inference backend does not use them. */
    names: z.array(z.string()),
    reason: z.string(),
  }),
]);
export type GpuSample = z.infer<typeof GpuSample>;

export const ModelSample = z.object({
  modelId: z.string(),
  state: z.enum(['loaded', 'generating', 'restarting']),
  ramBytes: Bytes,
  vramBytes: Bytes,
  contextSize: z.number().int().nonnegative(),
  parallelSequences: z.number().int().nonnegative(),
  busySequences: z.number().int().nonnegative(),
  lastUsedAt: z.number(),
  predictions: PredictionCounts.optional(),
});
export type ModelSample = z.infer<typeof ModelSample>;

export const AlertAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unloadModel'), modelId: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal('lowerContext'),
    modelId: z.string().min(1).max(200),
    contextSize: z.number().int().min(128).max(1_048_576),
  }),
]);
export type AlertAction = z.infer<typeof AlertAction>;

export const ResourceAlert = z.object({
  id: z.enum(['ram-high', 'vram-high', 'slow-response']),
  level: z.enum(['warning', 'error']),
  title: z.string(),
  message: z.string(),
  /** What the one-click button does, and its label; null when nothing in Outpost would help. */
  action: AlertAction.nullable(),
  actionLabel: z.string().nullable(),
});
export type ResourceAlert = z.infer<typeof ResourceAlert>;

export const ResourceSample = z.object({
  takenAt: z.number(),
  intervalMs: z.number().int().positive(),
  system: z.object({
    totalBytes: Bytes,
    usedBytes: Bytes,
    availableBytes: Bytes,
    cpuPercent: Percent.nullable(),
    cores: z.number().int().positive(),
  }),
  /** Sum over the app's processes that reported a number. */
  app: z.object({ rssBytes: Bytes, cpuPercent: Percent }),
  processes: z.array(ProcessSample),
  gpu: GpuSample,
  models: z.array(ModelSample),
  generation: z.object({
    active: z.number().int().nonnegative(),
    /** Tokens generated per second over the last sample interval; null when nothing is generating. */
    tokensPerSecond: z.number().nonnegative().nullable(),
  }),
  alerts: z.array(ResourceAlert),
  /** Set when part of the sample could not be read (logged once); the rest is still valid. */
  degraded: z.string().nullable(),
});
export type ResourceSample = z.infer<typeof ResourceSample>;

/** One point of a chart; null where the value was not reported. */
export const HistoryPoint = z.object({
  t: z.number(),
  ramUsedPercent: Percent,
  appRssBytes: Bytes,
  cpuPercent: Percent.nullable(),
  vramUsedPercent: Percent.nullable(),
  tokensPerSecond: z.number().nonnegative().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const HistoryInput = z
  .object({
    /** Up to 24 h; ranges over the in-memory window come from the per-minute SQLite history. */
    minutes: z.number().int().min(1).max(1440),
  })
  .strict();

export const HistoryResult = z.object({
  resolution: z.enum(['live', 'minute']),
  points: z.array(HistoryPoint),
});
export type HistoryResult = z.infer<typeof HistoryResult>;

export const RendererReport = z
  .object({
    jsHeapUsedBytes: Bytes.max(2 ** 40).nullable(),
    jsHeapLimitBytes: Bytes.max(2 ** 40).nullable(),
  })
  .strict();
export type RendererReport = z.infer<typeof RendererReport>;

export const HealthRow = z.object({
  /** Agent id or origin ('api', 'preview', 'direct') for agents; model id for models. */
  key: z.string(),
  label: z.string(),
  requests: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  /** succeeded / (requests - cancelled); null with nothing finished. */
  successRate: z.number().min(0).max(1).nullable(),
  errorKinds: z.array(z.object({ code: z.string(), count: z.number().int().positive() })),
  ttftP50Ms: z.number().nonnegative().nullable(),
  ttftP95Ms: z.number().nonnegative().nullable(),
  tokensPerSecondP50: z.number().nonnegative().nullable(),
  toolCalls: z.number().int().nonnegative(),
  toolSuccessRate: z.number().min(0).max(1).nullable(),
  lastError: z.object({ code: z.string(), at: z.number(), modelId: z.string() }).nullable(),
  lastRequestAt: z.number().nullable(),
  /** Background job runs of the agent that ended in the window, cancelled ones left out (0 for models). */
  backgroundRuns: z.number().int().nonnegative(),
  backgroundSucceeded: z.number().int().nonnegative(),
  /** backgroundSucceeded / backgroundRuns (failed, limit and interrupted runs count against it); null with none. */
  backgroundSuccessRate: z.number().min(0).max(1).nullable(),
});
export type HealthRow = z.infer<typeof HealthRow>;

export const HealthInput = z
  .object({
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24),
  })
  .strict();

export const HealthReport = z.object({
  since: z.number(),
  agents: z.array(HealthRow),
  models: z.array(HealthRow),
});
export type HealthReport = z.infer<typeof HealthReport>;
