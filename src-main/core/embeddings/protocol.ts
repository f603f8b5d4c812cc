/**
 * The embeddings worker's calls and answers, inside process/workerWire's envelope. Both sides validate what
 * they receive: ONNX Runtime and llama.cpp are native code, so the worker is a trust boundary.
 */
import { z } from 'zod';
import { CallId } from '../process/workerWire';

export const ExecutionProviderPreference = z.enum(['auto', 'cpu', 'dml', 'coreml', 'cuda']);
export type ExecutionProviderPreference = z.infer<typeof ExecutionProviderPreference>;
export const ExecutionProvider = z.enum(['cpu', 'dml', 'coreml', 'cuda', 'llama-cpu', 'llama-gpu']);
export type ExecutionProvider = z.infer<typeof ExecutionProvider>;

export const EmbeddingModelSpec = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('onnx'),
    key: z.string().min(1).max(300),
    name: z.string().min(1).max(300),
    modelPath: z.string().min(1).max(4096),
    tokenizerPath: z.string().min(1).max(4096),
    /** Longest token sequence fed to the model; longer texts are truncated. */
    maxLength: z.number().int().min(8).max(8192),
  }),
  z.object({
    kind: z.literal('gguf'),
    key: z.string().min(1).max(300),
    name: z.string().min(1).max(300),
    modelPath: z.string().min(1).max(4096),
  }),
]);
export type EmbeddingModelSpec = z.infer<typeof EmbeddingModelSpec>;

/** A cross-encoder (reranker) ONNX model: scores (query, passage) pairs; only the ONNX runtime serves them. */
export const RerankerSpec = z.object({
  key: z.string().min(1).max(300),
  name: z.string().min(1).max(300),
  modelPath: z.string().min(1).max(4096),
  tokenizerPath: z.string().min(1).max(4096),
  /** Longest query + passage sequence fed to the model; longer passages are truncated. */
  maxLength: z.number().int().min(8).max(8192),
});
export type RerankerSpec = z.infer<typeof RerankerSpec>;

export const MAX_TEXTS_PER_CALL = 256;
export const MAX_TEXT_CHARS = 20_000;

export const HostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), callId: CallId, provider: ExecutionProviderPreference }),
  z.object({ type: z.literal('load'), callId: CallId, model: EmbeddingModelSpec }),
  z.object({
    type: z.literal('embed'),
    callId: CallId,
    modelKey: z.string().min(1),
    texts: z.array(z.string().max(MAX_TEXT_CHARS)).min(1).max(MAX_TEXTS_PER_CALL),
  }),
  z.object({ type: z.literal('unload'), callId: CallId, modelKey: z.string().min(1) }),
  z.object({
    type: z.literal('rerank'),
    callId: CallId,
    model: RerankerSpec,
    query: z.string().max(MAX_TEXT_CHARS),
    texts: z.array(z.string().max(MAX_TEXT_CHARS)).min(1).max(MAX_TEXTS_PER_CALL),
  }),
]);
export type HostMessage = z.input<typeof HostMessage>;
export type HostMessageType = HostMessage['type'];

export const LoadedEmbedder = z.object({
  key: z.string(),
  dimensions: z.number().int().positive(),
  provider: ExecutionProvider,
  /** Why the preferred provider was not used, when it wasn't. */
  fallbackReason: z.string().nullable(),
});
export type LoadedEmbedder = z.infer<typeof LoadedEmbedder>;

export const ResultValueSchemas = {
  init: z.object({ pid: z.number().int(), availableProviders: z.array(ExecutionProvider) }),
  load: LoadedEmbedder,
  embed: z.object({ vectors: z.array(z.instanceof(Float32Array)) }),
  unload: z.object({ unloaded: z.boolean() }),
  /** One relevance score per text, in order (higher is more relevant), and where the model ran. */
  rerank: z.object({ scores: z.array(z.number()), provider: ExecutionProvider }),
} as const satisfies Record<HostMessageType, z.ZodType>;
