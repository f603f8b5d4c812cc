/**
 * Saved sequence states on disk: `<name>.state` (llama.cpp's file) beside `<name>.json` (what it holds, its
 * size and SHA-256). Bounded by a byte budget, least recently used evicted first. A file that is missing,
 * truncated, altered or unreadable is a miss: removed and counted, never handed to llama.cpp.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { commonPrefixLength } from './tokenPrefix';

export const StateEntryMeta = z.object({
  version: z.literal(1),
  /** Model file hash + load options + backend: states are only valid for exactly that. */
  modelKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** The model file it came from, so a changed file or options invalidate its old entries. */
  modelPath: z.string(),
  tokensHash: z.string().regex(/^[0-9a-f]{64}$/),
  tokens: z.array(z.number().int().nonnegative()),
  /** 'prefix': an agent's system prompt + tools; 'turn': a conversation at the end of a turn. */
  kind: z.enum(['prefix', 'turn']),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.number(),
  lastUsedAt: z.number(),
});
export type StateEntryMeta = z.infer<typeof StateEntryMeta>;

export interface StoreCounters {
  /** Files found damaged or unreadable (removed). */
  corrupt: number;
  /** Entries dropped because their model file or load options changed. */
  invalidated: number;
  /** Entries dropped to stay within the byte budget. */
  evicted: number;
}

/** The files this store owns; anything else in the folder (the model hash memo) is left alone. */
const ENTRY_FILE = /^[0-9a-f]{16}-[0-9a-f]{32}\.(json|state)$/;

const entryName = (meta: Pick<StateEntryMeta, 'modelKey' | 'tokensHash'>) =>
  `${meta.modelKey.slice(0, 16)}-${meta.tokensHash.slice(0, 32)}`;

async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export class StateFileStore {
  private readonly entries = new Map<string, StateEntryMeta>();
  readonly counters: StoreCounters = { corrupt: 0, invalidated: 0, evicted: 0 };
  /** Mutations run one at a time, so eviction never races an add. */
  private queue: Promise<unknown> = Promise.resolve();
  private tempCounter = 0;

  private constructor(
    readonly dir: string,
    private budgetBytes: number,
    private readonly now: () => number,
  ) {}

  /** Opens (creating) the folder and indexes it; unreadable or unmatched files are removed and counted. */
  static async open(dir: string, budgetBytes: number, now: () => number = Date.now): Promise<StateFileStore> {
    const store = new StateFileStore(dir, budgetBytes, now);
    await mkdir(dir, { recursive: true });
    await store.scan();
    await store.serialized(() => store.evictToBudget());
    return store;
  }

  get totalBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    return total;
  }

  get size(): number {
    return this.entries.size;
  }

  get budget(): number {
    return this.budgetBytes;
  }

  list(): StateEntryMeta[] {
    return [...this.entries.values()];
  }

  setBudget(bytes: number): Promise<void> {
    this.budgetBytes = bytes;
    return this.serialized(() => this.evictToBudget());
  }

  /** The entry for `modelKey` sharing the longest prefix with `prompt`, and how long that prefix is. */
  best(modelKey: string, prompt: readonly number[]): { entry: StateEntryMeta; shared: number } | null {
    let best: { entry: StateEntryMeta; shared: number } | null = null;
    for (const entry of this.entries.values()) {
      if (entry.modelKey !== modelKey) continue;
      const shared = commonPrefixLength(entry.tokens, prompt);
      if (!best || shared > best.shared || (shared === best.shared && entry.bytes < best.entry.bytes))
        best = { entry, shared };
    }
    return best;
  }

  /** A fresh path in the folder for llama.cpp to write a state to before `add` adopts it. */
  tempPath(): string {
    return path.join(this.dir, `pending-${process.pid}-${++this.tempCounter}.tmp`);
  }

  statePath(entry: Pick<StateEntryMeta, 'modelKey' | 'tokensHash'>): string {
    return path.join(this.dir, `${entryName(entry)}.state`);
  }

  /**
   * The state file of `entry` if it is still exactly what was saved; otherwise the entry is removed,
   * counted as corrupt, and null is returned. Marks the entry used.
   */
  async verified(entry: StateEntryMeta): Promise<string | null> {
    const file = this.statePath(entry);
    const actual = await sha256OfFile(file).catch(() => null);
    if (!actual || actual.sha256 !== entry.sha256 || actual.bytes !== entry.bytes) {
      await this.discard(entry, 'corrupt');
      return null;
    }
    entry.lastUsedAt = this.now();
    void this.serialized(() => this.writeMeta(entry)).catch(() => undefined);
    return file;
  }

  /** Counts and removes an entry whose file llama.cpp refused. */
  discard(entry: StateEntryMeta, why: keyof StoreCounters): Promise<void> {
    return this.serialized(async () => {
      if (this.entries.get(entryName(entry)) !== entry) return;
      this.counters[why] += 1;
      await this.remove(entry);
    });
  }

  /**
   * Adopts a state file llama.cpp wrote to `tempFile`. Earlier turns of the same conversation (their tokens a
   * prefix of these) are superseded; then least recently used entries go until the budget holds.
   */
  add(tempFile: string, meta: Omit<StateEntryMeta, 'version' | 'bytes' | 'sha256' | 'createdAt' | 'lastUsedAt'>) {
    return this.serialized(async () => {
      try {
        const { sha256, bytes } = await sha256OfFile(tempFile);
        const now = this.now();
        const entry: StateEntryMeta = { version: 1, ...meta, bytes, sha256, createdAt: now, lastUsedAt: now };
        if (bytes > this.budgetBytes) return;
        await rename(tempFile, this.statePath(entry));
        await this.writeMeta(entry);
        this.entries.set(entryName(entry), entry);
        for (const other of [...this.entries.values()]) {
          const superseded =
            other !== entry &&
            other.kind === 'turn' &&
            other.modelKey === entry.modelKey &&
            other.tokens.length < entry.tokens.length &&
            commonPrefixLength(other.tokens, entry.tokens) === other.tokens.length;
          if (superseded) await this.remove(other);
        }
        await this.evictToBudget();
      } finally {
        await rm(tempFile, { force: true });
      }
    });
  }

  /** Removes every saved state (the user's "Clear"); the budget stays. Resolves to how many were removed. */
  clear(): Promise<number> {
    return this.serialized(async () => {
      const entries = [...this.entries.values()];
      for (const entry of entries) await this.remove(entry);
      return entries.length;
    });
  }

  /** Drops entries of `modelPath` made with another file version or other load options. */
  invalidateOthers(modelPath: string, currentModelKey: string): Promise<void> {
    return this.serialized(async () => {
      for (const entry of [...this.entries.values()]) {
        if (entry.modelPath !== modelPath || entry.modelKey === currentModelKey) continue;
        this.counters.invalidated += 1;
        await this.remove(entry);
      }
    });
  }

  private async evictToBudget(): Promise<void> {
    let total = this.totalBytes;
    const byAge = [...this.entries.values()].sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    for (const entry of byAge) {
      if (total <= this.budgetBytes) break;
      total -= entry.bytes;
      this.counters.evicted += 1;
      await this.remove(entry);
    }
  }

  private async scan(): Promise<void> {
    const names = await readdir(this.dir);
    const metas = new Set(
      names.filter((n) => ENTRY_FILE.test(n) && n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)),
    );
    for (const name of names) {
      // Leftovers of a save the worker did not finish (killed, crashed) and states without a description.
      const orphan = ENTRY_FILE.test(name) && name.endsWith('.state') && !metas.has(name.slice(0, -'.state'.length));
      if (name.endsWith('.tmp') || orphan) {
        await rm(path.join(this.dir, name), { force: true });
      }
    }
    for (const name of metas) {
      const entry = await this.readMeta(name);
      const file = entry ? await stat(this.statePath(entry)).catch(() => null) : null;
      if (entry && file && file.size === entry.bytes && entryName(entry) === name) {
        this.entries.set(name, entry);
        continue;
      }
      this.counters.corrupt += 1;
      await rm(path.join(this.dir, `${name}.json`), { force: true });
      await rm(path.join(this.dir, `${name}.state`), { force: true });
    }
  }

  private async readMeta(name: string): Promise<StateEntryMeta | null> {
    try {
      const parsed = StateEntryMeta.safeParse(JSON.parse(await readFile(path.join(this.dir, `${name}.json`), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async writeMeta(entry: StateEntryMeta): Promise<void> {
    const file = path.join(this.dir, `${entryName(entry)}.json`);
    const temp = `${file}.${++this.tempCounter}.tmp`;
    await writeFile(temp, JSON.stringify(entry));
    await rename(temp, file);
  }

  private async remove(entry: StateEntryMeta): Promise<void> {
    const name = entryName(entry);
    this.entries.delete(name);
    await rm(path.join(this.dir, `${name}.json`), { force: true });
    await rm(path.join(this.dir, `${name}.state`), { force: true });
  }

  private serialized<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
