import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFileStore } from './stateFileStore';
import { hashTokens } from './tokenPrefix';

const MODEL = 'a'.repeat(64);
const OTHER_MODEL = 'b'.repeat(64);
let dir: string;
let clock = 0;
const now = () => ++clock;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-state-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Stands in for llama.cpp writing a state: `bytes` bytes at the store's temp path. */
async function put(
  store: StateFileStore,
  tokens: number[],
  bytes = 100,
  modelKey = MODEL,
  kind: 'prefix' | 'turn' = 'turn',
) {
  const temp = store.tempPath();
  await writeFile(temp, Buffer.alloc(bytes, tokens.length % 251));
  await store.add(temp, { modelKey, modelPath: '/models/m.gguf', tokensHash: hashTokens(tokens), tokens, kind });
}

describe('StateFileStore', () => {
  it('finds the entry sharing the longest prefix, for the same model only', async () => {
    const store = await StateFileStore.open(dir, 10_000, now);
    await put(store, [1, 2, 3], 100, MODEL, 'prefix');
    await put(store, [1, 2, 3, 4, 5, 6], 100, OTHER_MODEL);
    await put(store, [1, 2, 9], 100);
    expect(store.best(MODEL, [1, 2, 3, 4, 5, 6, 7])).toMatchObject({ shared: 3, entry: { tokens: [1, 2, 3] } });
    expect(store.best(OTHER_MODEL, [1, 2, 3, 4, 5, 6, 7])?.shared).toBe(6);
    expect(store.best('c'.repeat(64), [1, 2, 3])).toBeNull();
  });

  it('replaces a conversation’s earlier turn with its later one, but keeps prefixes', async () => {
    const store = await StateFileStore.open(dir, 10_000, now);
    await put(store, [1, 2], 100, MODEL, 'prefix');
    await put(store, [1, 2, 3, 4], 100);
    await put(store, [1, 2, 3, 4, 5, 6], 100);
    expect(
      store
        .list()
        .map((e) => e.tokens.length)
        .sort(),
    ).toEqual([2, 6]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.state'))).toHaveLength(2);
  });

  it('evicts the least recently used entries to stay within the budget', async () => {
    const store = await StateFileStore.open(dir, 250, now);
    await put(store, [1], 100);
    await put(store, [2], 100);
    const first = store.best(MODEL, [1]);
    expect(await store.verified(first!.entry)).not.toBeNull(); // [1] is now more recent than [2]
    await put(store, [3], 100);
    expect(
      store
        .list()
        .map((e) => e.tokens[0])
        .sort(),
    ).toEqual([1, 3]);
    expect(store.counters.evicted).toBe(1);
    expect(store.totalBytes).toBe(200);
    await store.setBudget(0);
    expect(store.size).toBe(0);
    expect((await readdir(dir)).filter((n) => !n.endsWith('.tmp'))).toEqual([]);
  });

  it('clears every saved state on request, keeps its budget, and keeps saving after', async () => {
    const store = await StateFileStore.open(dir, 10_000, now);
    await put(store, [1, 2], 100, MODEL, 'prefix');
    await put(store, [3, 4], 100, OTHER_MODEL);
    const temp = store.tempPath();
    await writeFile(temp, Buffer.alloc(100, 1));
    const tokens = [5, 6];
    // Queued before the clear: the clear runs after it, so nothing is left behind.
    const adding = store.add(temp, {
      modelKey: MODEL,
      modelPath: '/m.gguf',
      tokensHash: hashTokens(tokens),
      tokens,
      kind: 'turn',
    });
    expect(await store.clear()).toBe(3);
    await adding;
    expect(store.size).toBe(0);
    expect(store.totalBytes).toBe(0);
    expect(store.budget).toBe(10_000);
    expect(await readdir(dir)).toEqual([]);
    await put(store, [7, 8], 100);
    expect(store.best(MODEL, [7, 8, 9])?.shared).toBe(2);
    expect(store.counters.evicted).toBe(0); // a clear is not an eviction
  });

  it('treats a truncated or altered state file as a miss: removed and counted, never returned', async () => {
    const store = await StateFileStore.open(dir, 10_000, now);
    await put(store, [1, 2, 3], 100);
    await put(store, [7, 8, 9], 100);
    const truncated = store.best(MODEL, [1, 2, 3])!.entry;
    await truncate(store.statePath(truncated), 10);
    expect(await store.verified(truncated)).toBeNull();
    const altered = store.best(MODEL, [7, 8, 9])!.entry;
    await writeFile(store.statePath(altered), Buffer.alloc(100, 0xff)); // same size, other bytes
    expect(await store.verified(altered)).toBeNull();
    expect(store.counters.corrupt).toBe(2);
    expect(store.size).toBe(0);
  });

  it('on open, drops unreadable descriptions, states without one, wrong sizes and leftovers', async () => {
    const first = await StateFileStore.open(dir, 10_000, now);
    await put(first, [1, 2, 3], 100);
    await put(first, [4, 5, 6], 100);
    await truncate(first.statePath(first.best(MODEL, [4, 5, 6])!.entry), 50);
    await writeFile(path.join(dir, `${'1'.repeat(16)}-${'2'.repeat(32)}.json`), '{not json');
    await writeFile(path.join(dir, `${'3'.repeat(16)}-${'4'.repeat(32)}.state`), 'x');
    await writeFile(path.join(dir, 'model-hashes.json'), '{}'); // not the store's: kept
    await writeFile(path.join(dir, 'pending-1-1.tmp'), 'x');

    const reopened = await StateFileStore.open(dir, 10_000, now);
    expect(reopened.list().map((e) => e.tokens)).toEqual([[1, 2, 3]]);
    expect(reopened.counters.corrupt).toBe(2); // the short state and the unreadable description
    expect((await readdir(dir)).sort()).toHaveLength(3);
  });

  it('drops entries of a model file made with another file version or other options', async () => {
    const store = await StateFileStore.open(dir, 10_000, now);
    await put(store, [1, 2, 3], 100, OTHER_MODEL);
    await store.invalidateOthers('/models/m.gguf', MODEL);
    expect(store.size).toBe(0);
    expect(store.counters.invalidated).toBe(1);
  });
});
