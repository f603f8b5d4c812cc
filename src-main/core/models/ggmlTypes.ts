/**
 * ggml tensor types by GGUF id, with block geometry (checked against ggml's own type traits in
 * node-llama-cpp 3.22 / llama.cpp). Ids with `removed` were dropped from ggml: llama.cpp rejects them.
 */
export interface GgmlTypeInfo {
  readonly name: string;
  /** Elements per block; a tensor's first dimension must be a multiple of it. */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly bytesPerBlock: number;
  readonly removed?: true;
}

const t = (name: string, blockSize: number, bytesPerBlock: number): GgmlTypeInfo => ({
  name,
  blockSize,
  bytesPerBlock,
});
const removed = (name: string): GgmlTypeInfo => ({ name, blockSize: 0, bytesPerBlock: 0, removed: true });

const GGML_TYPES: readonly GgmlTypeInfo[] = [
  t('F32', 1, 4),
  t('F16', 1, 2),
  t('Q4_0', 32, 18),
  t('Q4_1', 32, 20),
  removed('Q4_2'),
  removed('Q4_3'),
  t('Q5_0', 32, 22),
  t('Q5_1', 32, 24),
  t('Q8_0', 32, 34),
  t('Q8_1', 32, 36),
  t('Q2_K', 256, 84),
  t('Q3_K', 256, 110),
  t('Q4_K', 256, 144),
  t('Q5_K', 256, 176),
  t('Q6_K', 256, 210),
  t('Q8_K', 256, 292),
  t('IQ2_XXS', 256, 66),
  t('IQ2_XS', 256, 74),
  t('IQ3_XXS', 256, 98),
  t('IQ1_S', 256, 50),
  t('IQ4_NL', 32, 18),
  t('IQ3_S', 256, 110),
  t('IQ2_S', 256, 82),
  t('IQ4_XS', 256, 136),
  t('I8', 1, 1),
  t('I16', 1, 2),
  t('I32', 1, 4),
  t('I64', 1, 8),
  t('F64', 1, 8),
  t('IQ1_M', 256, 56),
  t('BF16', 1, 2),
  removed('Q4_0_4_4'),
  removed('Q4_0_4_8'),
  removed('Q4_0_8_8'),
  t('TQ1_0', 256, 54),
  t('TQ2_0', 256, 66),
  removed('IQ4_NL_4_4'),
  removed('IQ4_NL_4_8'),
  removed('IQ4_NL_8_8'),
  t('MXFP4', 32, 17),
  t('NVFP4', 64, 36),
  t('Q1_0', 128, 18),
  t('Q2_0', 64, 18),
];

/** The type for a GGUF type id, or undefined when ggml has never defined it. */
export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
  return GGML_TYPES[id];
}

/** Bytes taken by `elementCount` elements (a multiple of the block size). */
export function ggmlByteSize(type: GgmlTypeInfo, elementCount: number): number {
  return (elementCount / type.blockSize) * type.bytesPerBlock;
}
