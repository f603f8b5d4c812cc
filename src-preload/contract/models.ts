import { z } from 'zod';
import { PredictionCounts } from './inference';

/**
 * Speculative decoding (node-llama-cpp token predictors): predicted tokens are checked in one batch and the
 * confirmed ones kept, so the reply is the same, only faster when predictions hold. A draft model wins over
 * prompt lookup when both are set.
 */
export const Speculative = z.strictObject({
  /**
   * Prompt lookup: predicts continuations copied from the prompt (quotes, code edits, JSON echoing input). On by
   * default: bench/speculative measured 0.98× (copying) and 1.13× (free text) of `off` at 0.5B, within 3 %.
   */
  inputLookup: z.boolean().default(true),
  /** An installed model with the same tokenizer that drafts tokens for this one (checked at load). */
  draftModelId: z.string().min(1).max(200).nullable().default(null),
  /** Most tokens predicted ahead per step. */
  maxPredicted: z.number().int().min(1).max(32).default(4),
  /** The draft model only predicts while its own token probability is at least this (node-llama-cpp's 0.6). */
  draftMinConfidence: z.number().min(0).max(1).default(0.6),
});
export type Speculative = z.infer<typeof Speculative>;
export const DEFAULT_SPECULATIVE: Speculative = Speculative.parse({});

/** How a model is loaded; "auto" lets node-llama-cpp's own resource estimation decide. */
export const LoadOptions = z.object({
  gpuLayers: z.union([z.literal('auto'), z.literal('max'), z.number().int().min(0).max(1000)]).default('auto'),
  contextSize: z.union([z.literal('auto'), z.number().int().min(128).max(1_048_576)]).default('auto'),
  threads: z.union([z.literal('auto'), z.number().int().min(1).max(256)]).default('auto'),
  batchSize: z.union([z.literal('auto'), z.number().int().min(1).max(65_536)]).default('auto'),
  /** Sequences that share one context, so several chats run at once on one loaded model. */
  parallelSequences: z.number().int().min(1).max(16).default(2),
  /** "auto" lets llama.cpp enable it where the backend supports it (node-llama-cpp's default). */
  flashAttention: z.union([z.literal('auto'), z.boolean()]).default('auto'),
  mlock: z.boolean().default(false),
  mmap: z.boolean().default(true),
  speculative: Speculative.default(DEFAULT_SPECULATIVE),
});
export type LoadOptions = z.infer<typeof LoadOptions>;
export const DEFAULT_LOAD_OPTIONS: LoadOptions = LoadOptions.parse({});

/** What the GGUF header says, read without loading weights. */
export const ModelMetadata = z.object({
  architecture: z.string(),
  name: z.string().nullable(),
  /** Quantisation as named by llama.cpp, e.g. Q4_K_M; null when the file doesn't say. */
  quantization: z.string().nullable(),
  parameterCount: z.number().nullable(),
  contextLength: z.number().int().nullable(),
  layerCount: z.number().int().nullable(),
  embeddingLength: z.number().int().nullable(),
  hasChatTemplate: z.boolean(),
  tensorCount: z.number().int(),
});
export type ModelMetadata = z.infer<typeof ModelMetadata>;

export const InstalledModel = z.object({
  id: z.string(),
  fileName: z.string(),
  path: z.string(),
  sizeBytes: z.number().nonnegative(),
  /** copied into the models dir, linked to a file elsewhere, or found by scanning the models dir. */
  source: z.enum(['copied', 'linked', 'scanned', 'downloaded']),
  addedAt: z.number(),
  metadata: ModelMetadata.nullable(),
  /** Set when the file is missing or no longer a valid GGUF; the model stays listed so the user can act. */
  problem: z.string().nullable(),
  loadOptions: LoadOptions,
});
export type InstalledModel = z.infer<typeof InstalledModel>;

/** An installed model as a possible draft model for another one (speculative decoding), checked by GGUF header. */
export const DraftCandidate = z.object({
  modelId: z.string(),
  /** The catalog pairs the two (same family, smaller, same tokenizer). */
  suggested: z.boolean(),
  /** Null when the tokenizers match; else what differs (such a draft is refused). */
  mismatch: z.string().nullable(),
});
export type DraftCandidate = z.infer<typeof DraftCandidate>;

export const MemoryEstimate = z.object({
  gpuLayers: z.number().int(),
  contextSize: z.number().int(),
  ramBytes: z.number().nonnegative(),
  vramBytes: z.number().nonnegative(),
  /** Memory available to Outpost's models now (budget minus what loaded models use). */
  ramBudgetBytes: z.number().nonnegative(),
  vramBudgetBytes: z.number().nonnegative(),
  fits: z.boolean(),
  /** Loaded models that would be unloaded (least recently used first) to make room. */
  wouldEvict: z.array(z.string()),
  /** What to change when it doesn't fit. */
  suggestion: z.string().nullable(),
});
export type MemoryEstimate = z.infer<typeof MemoryEstimate>;

export const LoadedModel = z.object({
  modelId: z.string(),
  loadedAt: z.number(),
  lastUsedAt: z.number(),
  gpuLayers: z.number().int(),
  contextSize: z.number().int(),
  parallelSequences: z.number().int(),
  busySequences: z.number().int(),
  /** Speculative decoding since the load, summed over its replies. */
  predictions: PredictionCounts.optional(),
  ramBytes: z.number().nonnegative(),
  vramBytes: z.number().nonnegative(),
  /** Kept warm (never idle-unloaded or evicted) because the active agent uses it. */
  keepAlive: z.boolean(),
});
export type LoadedModel = z.infer<typeof LoadedModel>;

export const LoadProgress = z.object({
  modelId: z.string(),
  /** 0..1 */
  progress: z.number().min(0).max(1),
  phase: z.enum(['validating', 'loading', 'done', 'failed']),
  error: z.string().nullable(),
});
export type LoadProgress = z.infer<typeof LoadProgress>;

export const ModelIdInput = z.object({ id: z.string().min(1).max(200) }).strict();

/** POSIX `/…`, Windows `C:\…` or `\\server\share`; never resolved against a working folder, and `~` is not expanded. */
export const isAbsolutePath = (value: string): boolean =>
  value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');

export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine(isAbsolutePath, { message: 'must be an absolute path (like /home/me/model.gguf or C:\\Models\\model.gguf)' });

export const RegisterModelInput = z
  .object({
    /** Absolute path of a .gguf file on this machine. */
    path: AbsolutePath,
    /** copy into Outpost's models folder, or link to the file where it is. */
    mode: z.enum(['copy', 'link']).default('copy'),
  })
  .strict();

export const ImportProgress = z.object({
  path: z.string(),
  copiedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;
