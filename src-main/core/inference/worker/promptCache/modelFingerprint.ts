/**
 * The SHA-256 of a model file, part of every prompt-cache key: a state saved from another file must never be
 * loaded (llama.cpp may crash on it). Hashing gigabytes takes seconds, so results are remembered on disk by
 * path + size + mtime and a changed file is hashed again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const Remembered = z.record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string() }));
type Remembered = z.infer<typeof Remembered>;

/** Files up to this size are hashed during the load (tens of milliseconds); bigger ones in the background. */
const QUICK_HASH_BYTES = 64 * 1024 * 1024;

export class ModelFingerprints {
  private remembered: Promise<Remembered> | null = null;
  private readonly running = new Map<string, Promise<string>>();

  constructor(private readonly file: string) {}

  /** True when `hashOf` answers at once: remembered, or small enough to hash in a blink. */
  async isQuick(modelPath: string): Promise<boolean> {
    const info = await stat(modelPath);
    const known = (await this.load())[path.resolve(modelPath)];
    return info.size <= QUICK_HASH_BYTES || (known?.size === info.size && known.mtimeMs === info.mtimeMs);
  }

  /** The file's hash (from memory when path, size and mtime are unchanged). */
  hashOf(modelPath: string, signal?: AbortSignal): Promise<string> {
    const key = path.resolve(modelPath);
    let running = this.running.get(key);
    if (!running) {
      running = this.compute(key, signal).finally(() => this.running.delete(key));
      this.running.set(key, running);
    }
    return running;
  }

  private async compute(modelPath: string, signal?: AbortSignal): Promise<string> {
    const info = await stat(modelPath);
    const remembered = await this.load();
    const known = remembered[modelPath];
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return known.sha256;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(modelPath, { highWaterMark: 1 << 20, signal }))
      hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    remembered[modelPath] = { size: info.size, mtimeMs: info.mtimeMs, sha256 };
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(remembered));
    await rename(temp, this.file);
    return sha256;
  }

  private load(): Promise<Remembered> {
    this.remembered ??= readFile(this.file, 'utf8')
      .then((text) => Remembered.parse(JSON.parse(text)))
      .catch(() => ({}));
    return this.remembered;
  }
}
