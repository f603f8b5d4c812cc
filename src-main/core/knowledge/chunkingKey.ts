/**
 * Names how a file's chunks were sized: by which tokenizer (its tokenizer.json's content, so the same tokenizer
 * under another path is the same) and which input length, or by the ~4-characters estimate. A file indexed under
 * another key is re-chunked by the next pass, after an embedding model switch to one with another tokenizer.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { ChunkTokenizer } from './parse/chunkTokens';

export const ESTIMATED_CHUNKING = 'estimate';

const hashes = new Map<string, string>();

export function chunkingKeyOf(tokenizer: ChunkTokenizer | null): string {
  if (!tokenizer) return ESTIMATED_CHUNKING;
  let stamp: string;
  try {
    const stat = statSync(tokenizer.path);
    stamp = `${tokenizer.path}\u0000${stat.size}\u0000${stat.mtimeMs}`;
  } catch {
    return ESTIMATED_CHUNKING; // the parser thread falls back to the estimate too
  }
  let hash = hashes.get(stamp);
  if (hash === undefined) {
    try {
      hash = createHash('sha256').update(readFileSync(tokenizer.path)).digest('hex').slice(0, 16);
    } catch {
      return ESTIMATED_CHUNKING;
    }
    hashes.set(stamp, hash);
  }
  return `tokenizer:${hash}:${tokenizer.maxLength}`;
}
