import { z } from 'zod';

/** `embedding` and `reranking` are ONNX kinds (memory/knowledge vectors, the knowledge cross-encoder); the rest are GGUF. */
export const Purpose = z.enum(['routing', 'chat', 'coding', 'reasoning', 'embedding', 'reranking']);
export type Purpose = z.infer<typeof Purpose>;

export const CatalogFile = z.object({
  /** Name on disk inside the models folder. */
  fileName: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name'),
  /** Exact size when known; catalog entries say `sizeVerified: false` where it is approximate. */
  sizeBytes: z.number().int().positive(),
  sizeVerified: z.boolean(),
  /** null: not verifiable here → after download the file is checked by size and GGUF parse, and flagged. */
  sha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .nullable(),
  /** Mirrors, tried in order. */
  urls: z.array(z.string().url()).min(1),
});
export type CatalogFile = z.infer<typeof CatalogFile>;

export const Quantization = z.enum(['Q2_K', 'Q3_K_M', 'Q4_K_M', 'Q5_K_M', 'Q6_K', 'Q8_0', 'F16', 'FP32', 'INT8']);

export const CatalogVariant = z.object({
  id: z.string(),
  quantization: Quantization,
  files: z.array(CatalogFile).min(1),
});
export type CatalogVariant = z.infer<typeof CatalogVariant>;

export const CatalogModel = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  name: z.string(),
  publisher: z.string(),
  description: z.string(),
  format: z.enum(['gguf', 'onnx']),
  purposes: z.array(Purpose).min(1),
  license: z.object({ id: z.string(), url: z.string().url() }),
  /** Billions of parameters, e.g. 0.49. */
  parameterCountB: z.number().positive(),
  contextLength: z.number().int().positive(),
  toolCalling: z.boolean(),
  /** Transformer shape, for the KV-cache part of the fit formula. */
  shape: z
    .object({
      layers: z.number().int().positive(),
      embeddingLength: z.number().int().positive(),
      headCount: z.number().int().positive(),
      headCountKv: z.number().int().positive(),
    })
    .nullable(),
  homepage: z.string().url(),
  variants: z.array(CatalogVariant).min(1),
  /** A smaller catalog model of the same family (same tokenizer) that can draft tokens for this one. */
  draftModelId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .optional(),
});
export type CatalogModel = z.infer<typeof CatalogModel>;

export const FitVerdict = z.enum(['gpu', 'partial', 'cpu', 'no']);
export type FitVerdict = z.infer<typeof FitVerdict>;

export const FitEstimate = z.object({
  variantId: z.string(),
  verdict: FitVerdict,
  /** Expected memory at `contextSize`. */
  ramBytes: z.number().nonnegative(),
  vramBytes: z.number().nonnegative(),
  contextSize: z.number().int().positive(),
  gpuLayers: z.number().int().nonnegative(),
  /** RAM (or VRAM on GPU) left over after loading; negative when it doesn't fit. */
  headroomBytes: z.number(),
  method: z.enum(['insights', 'formula']),
  note: z.string().nullable(),
});
export type FitEstimate = z.infer<typeof FitEstimate>;

export const CatalogEntry = CatalogModel.extend({
  fit: z.array(FitEstimate),
  /** Best quality variant that fits with headroom; null when none does. */
  recommendedVariantId: z.string().nullable(),
  installedVariantIds: z.array(z.string()),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const CatalogView = z.object({
  models: z.array(CatalogEntry),
  /** Per purpose, the pick for this machine. */
  recommended: z.array(z.object({ purpose: Purpose, modelId: z.string(), variantId: z.string() })),
  hardware: z.object({
    totalRamBytes: z.number(),
    freeRamBytes: z.number(),
    gpu: z.object({ name: z.string(), vramTotalBytes: z.number(), vramFreeBytes: z.number() }).nullable(),
  }),
  /** Catalog entries that failed validation and were left out. */
  skipped: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), reason: z.string() })),
});
export type CatalogView = z.infer<typeof CatalogView>;

export const DownloadState = z.enum(['queued', 'downloading', 'paused', 'verifying', 'done', 'failed', 'cancelled']);

export const Download = z.object({
  id: z.string(),
  modelId: z.string(),
  variantId: z.string(),
  fileName: z.string(),
  url: z.string(),
  state: DownloadState,
  receivedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative().nullable(),
  bytesPerSecond: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  sha256: z.string().nullable(),
  /** How the finished file was checked: against the catalog's SHA-256, or by size + GGUF parse only. */
  verifiedBy: z.enum(['sha256', 'size-and-header']).nullable(),
  installedModelId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Download = z.infer<typeof Download>;

export const DownloadIdInput = z.object({ id: z.string().min(1).max(200) }).strict();

export const StartDownloadInput = z.object({ modelId: z.string(), variantId: z.string() }).strict();

export const HfSearchResult = z.object({
  repo: z.string(),
  downloads: z.number().nullable(),
  likes: z.number().nullable(),
  updatedAt: z.string().nullable(),
  ggufFiles: z.array(z.object({ fileName: z.string(), sizeBytes: z.number().nullable(), url: z.string() })),
});

export const TokenStatus = z.object({ hasToken: z.boolean() });
