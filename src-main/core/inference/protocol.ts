/**
 * The inference worker's calls and answers, inside process/workerWire's envelope. Both sides parse what
 * they receive with these schemas: a native-code process is a trust boundary like any other.
 */
import { z } from 'zod';
import {
  EngineBuild,
  GenerateRequest,
  GenerateResult,
  PromptCacheStats,
  WarmRequest,
  WarmResult,
} from '../../../src-preload/contract/inference';
import { LoadOptions } from '../../../src-preload/contract/models';
import { CallId } from '../process/workerWire';

export const PROTOCOL_VERSION = 1;

export const BackendPreferenceSchema = z.enum(['auto', 'metal', 'cuda', 'vulkan', 'cpu']);
export type BackendPreference = z.infer<typeof BackendPreferenceSchema>;
export const ResolvedBackend = z.enum(['metal', 'cuda', 'vulkan', 'cpu']);
export type ResolvedBackend = z.infer<typeof ResolvedBackend>;

const FileRef = z.object({ id: z.string().min(1).max(200), path: z.string().min(1).max(4096) });
/** A model file; `draft` is the model that drafts tokens for it (LoadOptions.speculative.draftModelId). */
export const ModelRefSchema = FileRef.extend({ draft: FileRef.optional() });
export type ModelRef = z.infer<typeof ModelRefSchema>;

export const GpuInfo = z.object({
  names: z.array(z.string()),
  vramTotalBytes: z.number().nonnegative(),
  vramFreeBytes: z.number().nonnegative(),
});
export type GpuInfo = z.infer<typeof GpuInfo>;

export const ResourceEstimateSchema = z.object({
  gpuLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().positive(),
  ramBytes: z.number().nonnegative(),
  vramBytes: z.number().nonnegative(),
});

export type ResourceEstimate = z.infer<typeof ResourceEstimateSchema>;

/** What llama.cpp resolved for a load (auto values made concrete) and what it costs. */
export const ResolvedLoadSchema = ResourceEstimateSchema.extend({
  parallelSequences: z.number().int().positive(),
});
export type ResolvedLoad = z.infer<typeof ResolvedLoadSchema>;

export const FunctionCallMode = z.enum(['auto', 'required']);

/** Where the worker keeps saved prompt states and how many bytes they may use (0 turns the cache off). */
export const PromptCacheConfig = z.object({
  dir: z.string().min(1).max(4096),
  budgetBytes: z.number().int().nonnegative(),
});
export type PromptCacheConfig = z.infer<typeof PromptCacheConfig>;

// ---- host → worker (the envelope, shutdown and results are process/workerWire's) -----------------

export const HostMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    callId: CallId,
    backend: BackendPreferenceSchema,
    promptCache: PromptCacheConfig.nullable().default(null),
  }),
  z.object({ type: z.literal('estimate'), callId: CallId, model: ModelRefSchema, options: LoadOptions }),
  z.object({ type: z.literal('load'), callId: CallId, model: ModelRefSchema, options: LoadOptions }),
  z.object({ type: z.literal('unload'), callId: CallId, modelId: z.string().min(1) }),
  z.object({
    type: z.literal('generate'),
    callId: CallId,
    request: GenerateRequest,
    functionCall: FunctionCallMode.default('auto'),
  }),
  /** Warms a prompt prefix into a free sequence; cancelled by `cancel` with its requestId, or by a generation. */
  z.object({ type: z.literal('warm'), callId: CallId, request: WarmRequest }),
  /** `requestId` is a generation's requestId or, for a load, the load's callId. */
  z.object({ type: z.literal('cancel'), callId: CallId, requestId: z.string().min(1) }),
  /** Current VRAM (null on the CPU backend); read by the resource monitor, never starts anything. */
  z.object({ type: z.literal('gpuState'), callId: CallId }),
  /** Reads the prompt cache's figures; with `budgetBytes`, applies a new budget first (evicting to it). */
  z.object({
    type: z.literal('promptCache'),
    callId: CallId,
    budgetBytes: z.number().int().nonnegative().optional(),
  }),
  /** Removes every saved prompt state; answers with the figures after. */
  z.object({ type: z.literal('promptCacheClear'), callId: CallId }),
]);
export type HostMessage = z.input<typeof HostMessage>;
export type ParsedHostMessage = z.output<typeof HostMessage>;
export type HostMessageType = HostMessage['type'];

// ---- worker → host -------------------------------------------------------------------------------

/** The answer to `init`: llama.cpp is up on this backend. */
export const ReadyValue = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  backend: ResolvedBackend,
  gpu: GpuInfo.nullable(),
  pid: z.number().int(),
  /** Set when the requested GPU backend could not start and the worker fell back to the CPU. */
  fallbackReason: z.string().nullable(),
  engine: EngineBuild,
});
export type ReadyValue = z.infer<typeof ReadyValue>;

/** A piece of a function call's JSON arguments as the model writes them (`args` chunks concatenate). */
export const CallDelta = z.object({ index: z.number().int().nonnegative(), name: z.string(), args: z.string() });
export type CallDelta = z.infer<typeof CallDelta>;

/** Streamed by a running generation (coalesced text since the previous delta, or a call's argument chunk). */
export const DeltaEvent = z.object({
  requestId: z.string(),
  delta: z.string(),
  tokens: z.number().int().nonnegative(),
  call: CallDelta.optional(),
});
export type DeltaEvent = z.infer<typeof DeltaEvent>;

/** What a successful `result` value must look like, per request type (validated on the host). */
export const ResultValueSchemas = {
  init: ReadyValue,
  estimate: ResourceEstimateSchema,
  load: ResolvedLoadSchema,
  unload: z.object({ unloaded: z.boolean() }),
  generate: GenerateResult,
  warm: WarmResult,
  cancel: z.object({ cancelled: z.boolean() }),
  gpuState: GpuInfo.nullable(),
  promptCache: PromptCacheStats,
  promptCacheClear: PromptCacheStats,
} as const satisfies Record<HostMessageType, z.ZodType>;
