/** Caps that keep one folder from filling the disk or the memory, and the chunk budget. */
export interface KnowledgeLimits {
  maxFileBytes: number;
  maxFilesPerBase: number;
  /** Across every base. */
  maxTotalChunks: number;
  chunkTokens: number;
  overlapTokens: number;
}

export const DEFAULT_LIMITS: KnowledgeLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxFilesPerBase: 20_000,
  maxTotalChunks: 1_000_000,
  // In the embedding model's tokens, and never more than it reads (parse/chunkTokens.ts); MiniLM reads 256.
  chunkTokens: 200,
  overlapTokens: 30,
};
