import { z } from 'zod';

/**
 * Remote inference nodes: OpenAI-compatible servers (another Outpost, llama-server, vLLM, Ollama, …) and pools
 * of models on them. An agent names one as `node:<nodeId>/<model>` or `pool:<poolId>` (see core/nodes/nodeRefs).
 */
export const NodeKind = z.enum(['lan', 'internet']);
export type NodeKind = z.infer<typeof NodeKind>;

const NodeName = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters');
const BaseUrl = z
  .string()
  .trim()
  .max(500)
  .url('must be a URL like http://192.168.1.20:8080/v1')
  .refine((url) => /^https?:\/\//i.test(url), 'must start with http:// or https://');

/** Probed, not assumed: null until a probe answered one way or the other. */
export const NodeCapabilities = z.object({
  streaming: z.boolean().nullable(),
  tools: z.boolean().nullable(),
  jsonSchema: z.boolean().nullable(),
});
export type NodeCapabilities = z.infer<typeof NodeCapabilities>;

export const NodeModel = z.object({
  id: z.string(),
  /** From the server's model list when it says (llama-server's n_ctx, vLLM's max_model_len), else null. */
  contextSize: z.number().int().positive().nullable(),
  capabilities: NodeCapabilities,
  probedAt: z.number().nullable(),
});
export type NodeModel = z.infer<typeof NodeModel>;

/** closed: taking requests; open: out after failures (probed again after a backoff); half-open: one probe in flight. */
export const BreakerState = z.enum(['closed', 'open', 'half-open']);

export const NodeHealth = z.object({
  state: z.enum(['unknown', 'healthy', 'degraded', 'down']),
  breaker: BreakerState,
  /** Median time to response headers over recent requests. */
  latencyMs: z.number().nonnegative().nullable(),
  /** Share of failed requests among recent ones (0..1). */
  errorRate: z.number().min(0).max(1),
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  tokensPerSecond: z.number().nonnegative().nullable(),
  /** Tokens of the replies this node finished since the app started: the prompts it read and what it wrote. */
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  lastOkAt: z.number().nullable(),
  /** When the open breaker lets the next probe through. */
  retryAt: z.number().nullable(),
  /** The last periodic health check (Settings → Nodes → check interval), and whether it reached the node. */
  lastCheckAt: z.number().nullable(),
  lastCheckOk: z.boolean().nullable(),
});
export type NodeHealth = z.infer<typeof NodeHealth>;

/** One node's health after a periodic check: the dashboard and Settings follow it without refetching. */
export const NodeHealthEvent = z.object({ nodeId: z.string(), name: z.string(), health: NodeHealth });
export type NodeHealthEvent = z.infer<typeof NodeHealthEvent>;

export const NodeInfo = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  kind: NodeKind,
  enabled: z.boolean(),
  /** A LAN node the user lets through while offline mode is on. */
  allowInOffline: z.boolean(),
  /** The key itself never leaves core: it is sent only to this node. */
  hasApiKey: z.boolean(),
  models: z.array(NodeModel),
  health: NodeHealth,
  createdAt: z.number(),
});
export type NodeInfo = z.infer<typeof NodeInfo>;

export const NodeInput = z.strictObject({
  name: NodeName,
  baseUrl: BaseUrl,
  kind: NodeKind,
  enabled: z.boolean().default(true),
  allowInOffline: z.boolean().default(false),
  /** A new key, null to remove it; left out on update keeps the stored one. */
  apiKey: z.string().trim().min(1).max(400).nullable().optional(),
});
export type NodeInput = z.input<typeof NodeInput>;

export const NodeIdInput = z.strictObject({ id: z.string().min(1).max(80) });

export const NodeTestResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  modelIds: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type NodeTestResult = z.infer<typeof NodeTestResult>;

/** A model ref usable in a pool: a local model id or `node:<nodeId>/<model>`. */
const PoolMember = z.string().trim().min(1).max(300);

export const PoolInfo = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(PoolMember),
  createdAt: z.number(),
});
export type PoolInfo = z.infer<typeof PoolInfo>;

export const PoolInput = z.strictObject({
  /** Absent: a new pool. */
  id: z.string().min(1).max(80).optional(),
  name: NodeName,
  members: z.array(PoolMember).min(1, 'a pool needs at least one member').max(16),
});
export type PoolInput = z.input<typeof PoolInput>;

/** What an agent's model picker offers besides installed models. */
export const RemoteModelChoice = z.object({
  ref: z.string(),
  label: z.string(),
  kind: z.enum(['node', 'pool']),
  available: z.boolean(),
});
export type RemoteModelChoice = z.infer<typeof RemoteModelChoice>;
