/** Constants and small helpers of the fit formula; see README.md "Fit estimate" for the reasoning. */
import type { CatalogModel, CatalogVariant } from '../../../src-preload/contract/catalog';

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** Context used when the caller doesn't choose one: enough for agents, small enough for 8 GiB laptops. */
export const DEFAULT_CONTEXT_SIZE = 4096;
/** f16 K and V cache entries, llama.cpp's default. */
export const KV_BYTES_PER_ELEMENT = 2;
/** llama.cpp's compute graph at the default micro-batch (512): logits and scratch, mostly vocab-sized. */
export const COMPUTE_BASE_BYTES = 192 * MIB;
/** Activations that grow with the context: one f32 per context position and embedding channel. */
export const COMPUTE_BYTES_PER_CONTEXT_CHANNEL = 4;
/** The worker process itself: Node, llama.cpp's backends, tokenizer and sampler state. */
export const RUNTIME_OVERHEAD_BYTES = 256 * MIB;
/** A GPU backend's own context (CUDA/Vulkan/Metal) before any weights are uploaded. */
export const GPU_BACKEND_OVERHEAD_BYTES = 320 * MIB;
/** Share of free VRAM we plan to use: drivers and the desktop need the rest. */
export const USABLE_VRAM_FRACTION = 0.9;
/** Partial offload is only worth it when at least this share of the layers runs on the GPU. */
export const MIN_PARTIAL_LAYER_FRACTION = 0.2;
/** RAM left to the OS and other apps: the larger of these two. */
export const OS_RESERVE_MIN_BYTES = 1.5 * GIB;
export const OS_RESERVE_FRACTION = 0.15;
/** ONNX Runtime copies the model into memory and keeps arenas of about the same size. */
export const ONNX_MEMORY_FACTOR = 2;
export const ONNX_RUNTIME_OVERHEAD_BYTES = 128 * MIB;
/** CPU-side weights above this generate only a few tokens per second on a laptop: fine to run, slow to chat. */
export const CPU_INTERACTIVE_WEIGHT_BYTES = 4.5 * GIB;

/** RAM a model may use on this machine: total minus what the OS keeps. */
export function ramBudget(totalRamBytes: number): number {
  return totalRamBytes - Math.max(OS_RESERVE_MIN_BYTES, totalRamBytes * OS_RESERVE_FRACTION);
}

export function variantBytes(variant: CatalogVariant): number {
  return variant.files.reduce((sum, file) => sum + file.sizeBytes, 0);
}

/** The weights of a GGUF variant (mmap'd, so the file size is what lands in memory) or the ONNX graph. */
export function weightBytes(model: CatalogModel, variant: CatalogVariant): number {
  const extension = model.format === 'gguf' ? '.gguf' : '.onnx';
  const weights = variant.files.filter((file) => file.fileName.toLowerCase().endsWith(extension));
  return (weights.length > 0 ? weights : variant.files).reduce((sum, file) => sum + file.sizeBytes, 0);
}

export type ModelShape = NonNullable<CatalogModel['shape']>;

/** 2 (K and V) × layers × context × KV heads × head dimension × bytes per element. */
export function kvCacheBytes(shape: ModelShape, contextSize: number): number {
  const headDimension = shape.embeddingLength / shape.headCount;
  return 2 * shape.layers * contextSize * shape.headCountKv * headDimension * KV_BYTES_PER_ELEMENT;
}

export function computeBufferBytes(shape: ModelShape, contextSize: number): number {
  return COMPUTE_BASE_BYTES + contextSize * shape.embeddingLength * COMPUTE_BYTES_PER_CONTEXT_CHANNEL;
}

export function formatGiB(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}
