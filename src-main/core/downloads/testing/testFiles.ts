/** Bodies to serve in download tests: a real tiny GGUF and deterministic pseudo-random bytes. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import type { CatalogFile } from '../downloadTypes';

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A tiny llama GGUF (~130 KB) that our header validator accepts. */
export async function tinyGguf(dir: string, seed = 7): Promise<Buffer> {
  const file = path.join(dir, `tiny-${seed}.gguf`);
  await writeTestModel(file, { shape: 'tiny', seed });
  return readFile(file);
}

/** xorshift32 bytes: the same seed gives the same file, so a failing cut pattern can be replayed. */
export function pseudoRandomBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A catalog entry describing `body` exactly (hash and size), with `overrides` applied. */
export function catalogFileFor(fileName: string, urls: string[], body: Buffer, overrides: Partial<CatalogFile> = {}) {
  const file: CatalogFile = {
    fileName,
    urls,
    sizeBytes: body.length,
    sizeVerified: true,
    sha256: sha256Of(body),
    ...overrides,
  };
  return file;
}
