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
  // all-MiniLM-L6-v2 reads 256 tokens; the approximate count runs a little high, so this stays under it.
  chunkTokens: 200,
  overlapTokens: 30,
};
