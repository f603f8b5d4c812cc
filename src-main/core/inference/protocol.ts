/**
 * Messages between the host (inferenceClient) and the inference worker process. Both sides parse what
 * they receive with these schemas: a native-code process is a trust boundary like any other.
 * Every host→worker message carries a `callId` and is answered by exactly one `result` (or `ready`).
 */
import { z } from 'zod';
import { ErrorInfo } from '../../../src-preload/contract/envelope';
import { GenerateRequest, GenerateResult } from '../../../src-preload/contract/inference';
import { LoadOptions } from '../../../src-preload/contract/models';

export const PROTOCOL_VERSION = 1;

const CallId = z.string().min(1).max(100);

export const BackendPreferenceSchema = z.enum(['auto', 'metal', 'cuda', 'vulkan', 'cpu']);
export const ResolvedBackend = z.enum(['metal', 'cuda', 'vulkan', 'cpu']);
export type ResolvedBackend = z.infer<typeof ResolvedBackend>;

export const ModelRefSchema = z.object({ id: z.string().min(1).max(200), path: z.string().min(1).max(4096) });

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

export const ResolvedLoadSchema = ResourceEstimateSchema.extend({
  parallelSequences: z.number().int().positive(),
});

export const FunctionCallMode = z.enum(['auto', 'required']);

// ---- host → worker -------------------------------------------------------------------------------

export const HostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), callId: CallId, backend: BackendPreferenceSchema }),
  z.object({ type: z.literal('estimate'), callId: CallId, model: ModelRefSchema, options: LoadOptions }),
  z.object({ type: z.literal('load'), callId: CallId, model: ModelRefSchema, options: LoadOptions }),
  z.object({ type: z.literal('unload'), callId: CallId, modelId: z.string().min(1) }),
  z.object({
    type: z.literal('generate'),
    callId: CallId,
    request: GenerateRequest,
    functionCall: FunctionCallMode.default('auto'),
  }),
  /** `requestId` is a generation's requestId or, for a load, the load's callId. */
  z.object({ type: z.literal('cancel'), callId: CallId, requestId: z.string().min(1) }),
  z.object({ type: z.literal('shutdown'), callId: CallId }),
  /** Current VRAM (null on the CPU backend); read by the resource monitor, never starts anything. */
  z.object({ type: z.literal('gpuState'), callId: CallId }),
]);
export type HostMessage = z.input<typeof HostMessage>;
export type ParsedHostMessage = z.output<typeof HostMessage>;
export type HostMessageType = HostMessage['type'];

// ---- worker → host -------------------------------------------------------------------------------

export const ReadyMessage = z.object({
  type: z.literal('ready'),
  callId: CallId,
  protocol: z.literal(PROTOCOL_VERSION),
  backend: ResolvedBackend,
  gpu: GpuInfo.nullable(),
  pid: z.number().int(),
  /** Set when the requested GPU backend could not start and the worker fell back to the CPU. */
  fallbackReason: z.string().nullable(),
});

/** `callId` is null only when a malformed message had no usable callId. */
const ResultMessage = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), callId: CallId.nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('result'), callId: CallId.nullable(), ok: z.literal(false), error: ErrorInfo }),
]);

export const WorkerMessage = z.discriminatedUnion('type', [
  ReadyMessage,
  ResultMessage,
  z.object({ type: z.literal('progress'), callId: CallId, progress: z.number().min(0).max(1) }),
  z.object({
    type: z.literal('delta'),
    callId: CallId,
    requestId: z.string(),
    delta: z.string(),
    tokens: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    fields: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
export type ReadyMessage = z.infer<typeof ReadyMessage>;

/** What a successful `result` value must look like, per request type (validated on the host). */
export const ResultValueSchemas = {
  init: z.never(),
  estimate: ResourceEstimateSchema,
  load: ResolvedLoadSchema,
  unload: z.object({ unloaded: z.boolean() }),
  generate: GenerateResult,
  cancel: z.object({ cancelled: z.boolean() }),
  shutdown: z.object({}),
  gpuState: GpuInfo.nullable(),
} as const satisfies Record<HostMessageType, z.ZodType>;

/** Best effort callId of a message that failed validation, so its sender still gets an answer. */
export function salvageCallId(message: unknown): string | null {
  if (typeof message !== 'object' || message === null || !('callId' in message)) return null;
  const parsed = CallId.safeParse(message.callId);
  return parsed.success ? parsed.data : null;
}
