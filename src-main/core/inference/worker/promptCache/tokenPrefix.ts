import { createHash } from 'node:crypto';

/** How many leading tokens two token lists share. */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const end = Math.min(a.length, b.length);
  let i = 0;
  while (i < end && a[i] === b[i]) i++;
  return i;
}

/** A stable name for a token list (part of a cache entry's key). */
export function hashTokens(tokens: readonly number[]): string {
  return createHash('sha256').update(Uint32Array.from(tokens)).digest('hex');
}
