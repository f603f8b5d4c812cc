/**
 * Hyper-parameters of the generated `llama`-architecture models and the tensor list they imply.
 */
import type { GgmlTensorType } from './tensor-encoding';

export interface LlamaShape {
  readonly embeddingLength: number;
  readonly blockCount: number;
  readonly headCount: number;
  readonly headCountKv: number;
  readonly feedForwardLength: number;
}

export type LlamaShapeName = 'tiny' | '0.5b' | '1.5b';

export const LLAMA_SHAPES: Readonly<Record<LlamaShapeName, LlamaShape>> = {
  // A few hundred KB: fast enough to generate and load in every test.
  tiny: { embeddingLength: 64, blockCount: 2, headCount: 4, headCountKv: 2, feedForwardLength: 128 },
  // Qwen2.5-0.5B-class and Qwen2.5-1.5B-class dimensions, for speed benchmarks.
  '0.5b': { embeddingLength: 896, blockCount: 24, headCount: 14, headCountKv: 2, feedForwardLength: 4864 },
  '1.5b': { embeddingLength: 1536, blockCount: 28, headCount: 12, headCountKv: 2, feedForwardLength: 8960 },
};

export interface LlamaTensorDescription {
  readonly name: string;
  readonly dims: readonly number[];
  /** Norm weights are always F32 ones; everything else uses the model's weight type. */
  readonly role: 'norm' | 'weight';
}

export function resolveLlamaShape(shape: LlamaShapeName | LlamaShape): LlamaShape {
  return typeof shape === 'string' ? LLAMA_SHAPES[shape] : shape;
}

export function headDimension(shape: LlamaShape): number {
  return shape.embeddingLength / shape.headCount;
}

/** Throws when the shape cannot be loaded by llama.cpp or stored in `weightType`. */
export function validateLlamaShape(shape: LlamaShape, weightType: GgmlTensorType): void {
  const values = Object.entries(shape) as Array<[string, number]>;
  for (const [key, value] of values) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new Error(`shape.${key} must be a positive integer, got ${value}`);
  }
  if (shape.embeddingLength % shape.headCount !== 0) throw new Error('embeddingLength must be divisible by headCount');
  if (shape.headCount % shape.headCountKv !== 0) throw new Error('headCount must be divisible by headCountKv');
  if (headDimension(shape) % 2 !== 0)
    throw new Error('head dimension (embeddingLength / headCount) must be even for RoPE');
  if (weightType === 'Q8_0' || weightType === 'Q4_0') {
    // Every weight's row length (ne[0]) is either embeddingLength or feedForwardLength.
    if (shape.embeddingLength % 32 !== 0 || shape.feedForwardLength % 32 !== 0) {
      throw new Error(`${weightType} needs embeddingLength and feedForwardLength divisible by 32`);
    }
  }
}

/** Tensors of a llama model (embeddings, blocks, output head); dims are GGUF order (ne[0] first). */
export function describeLlamaTensors(shape: LlamaShape, vocabSize: number): LlamaTensorDescription[] {
  const embd = shape.embeddingLength;
  const kvDim = headDimension(shape) * shape.headCountKv;
  const ff = shape.feedForwardLength;
  const tensors: LlamaTensorDescription[] = [{ name: 'token_embd.weight', dims: [embd, vocabSize], role: 'weight' }];
  for (let block = 0; block < shape.blockCount; block++) {
    const prefix = `blk.${block}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, dims: [embd], role: 'norm' },
      { name: `${prefix}.attn_q.weight`, dims: [embd, embd], role: 'weight' },
      { name: `${prefix}.attn_k.weight`, dims: [embd, kvDim], role: 'weight' },
      { name: `${prefix}.attn_v.weight`, dims: [embd, kvDim], role: 'weight' },
      { name: `${prefix}.attn_output.weight`, dims: [embd, embd], role: 'weight' },
      { name: `${prefix}.ffn_norm.weight`, dims: [embd], role: 'norm' },
      { name: `${prefix}.ffn_gate.weight`, dims: [embd, ff], role: 'weight' },
      { name: `${prefix}.ffn_up.weight`, dims: [embd, ff], role: 'weight' },
      { name: `${prefix}.ffn_down.weight`, dims: [ff, embd], role: 'weight' },
    );
  }
  tensors.push(
    { name: 'output_norm.weight', dims: [embd], role: 'norm' },
    { name: 'output.weight', dims: [embd, vocabSize], role: 'weight' },
  );
  return tensors;
}

/** Compact, file-name-safe description of a shape, e.g. "e64-l2-h4-kv2-ff128". */
export function shapeKey(shape: LlamaShape): string {
  return `e${shape.embeddingLength}-l${shape.blockCount}-h${shape.headCount}-kv${shape.headCountKv}-ff${shape.feedForwardLength}`;
}
