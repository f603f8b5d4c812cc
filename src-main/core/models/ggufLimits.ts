/**
 * Bounds for our own GGUF header validation. llama.cpp trusts the counts and lengths a file declares,
 * so every one of them is checked here first; each limit sits well above what real models use.
 */
const KiB = 1024;
const MiB = 1024 * KiB;

export const GGUF_LIMITS = {
  /** Largest real models have a few thousand tensors (e.g. ~2,500 for big MoE models). */
  maxTensorCount: 65_536,
  /** Real files carry a few dozen metadata entries. */
  maxKvCount: 65_536,
  /** The GGUF spec caps keys at 65,535 bytes; real keys are < 100. */
  maxKeyBytes: 65_536,
  /** Chat templates are the longest real strings (tens of KB). */
  maxStringBytes: 16 * MiB,
  /** Vocabularies are the longest real arrays (~262k entries for Gemma 3). */
  maxArrayLength: 16_777_216,
  /** llama.cpp itself rejects arrays of arrays; one level of nesting is tolerated for other tools. */
  maxArrayDepth: 2,
  /** ggml's GGML_MAX_NAME is 64 including the terminating NUL. */
  maxTensorNameBytes: 63,
  /** ggml's GGML_MAX_DIMS. */
  maxTensorDims: 4,
  /** 2^40 elements is ~1 trillion: far beyond any single tensor a desktop could hold. */
  maxTensorElements: 2 ** 40,
  /** Headers of real models with 150–260k-token vocabularies are 5–20 MB; this bounds the work per file. */
  maxHeaderBytes: 64 * MiB,
  /** The reader pulls the header through a buffer of this size, never the whole file. */
  readChunkBytes: 1 * MiB,
  /** Longer metadata strings are length-checked and skipped instead of kept in memory. */
  maxRetainedStringBytes: 1 * MiB,
  /** GGUF's default when `general.alignment` is absent. */
  defaultAlignment: 32,
} as const;
