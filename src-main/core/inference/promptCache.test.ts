/**
 * The persistent prompt cache through real worker processes and a random-weight model: a conversation's state
 * and an agent's system prefix survive a worker restart, and a damaged file is re-evaluated and counted.
 */
import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, GenerateResult } from '../../../src-preload/contract/inference';
import type { InferenceEngine } from './engine';
import { captureLogger, chatRequest, createTestEngine, testLoadOptions, tinyModelPath } from './testing/engineHarness';

let dir: string;
let modelPath: string;
const engines: InferenceEngine[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-prompt-cache-'));
  modelPath = await tinyModelPath(1);
});
afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.dispose()));
  await rm(dir, { recursive: true, force: true });
});

/** A fresh worker (as after an app restart) with the model loaded and the cache in `dir`. */
async function startEngine(budgetBytes = 256 * 1024 * 1024): Promise<InferenceEngine> {
  const engine = createTestEngine(captureLogger(), { promptCache: () => ({ dir, budgetBytes }) });
  engines.push(engine);
  await engine.load({ id: 'm', path: modelPath }, testLoadOptions({ contextSize: 1024 }), () => undefined);
  return engine;
}

async function stopEngine(engine: InferenceEngine): Promise<void> {
  await engine.dispose();
  engines.splice(engines.indexOf(engine), 1);
}

const system = `You are the notes agent. ${'Answer from the notes and say which note you used. '.repeat(5)}`;
const turn = (engine: InferenceEngine, messages: ChatMessage[]): Promise<GenerateResult> =>
  engine.generate(chatRequest('m', { messages, sampling: { maxTokens: 8, seed: 3 } }), {});

/** Saves finish in the worker after the reply; wait until the folder holds `count` described states. */
async function savedStates(count: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const names = await readdir(dir);
    if (names.filter((n) => n.endsWith('.json') && n !== 'model-hashes.json').length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the cache never held ${count} states`);
}

describe('persistent prompt cache', () => {
  it('restores a conversation and an agent prefix after a restart, and re-evaluates a damaged file', async () => {
    let engine = await startEngine();
    const first: ChatMessage[] = [
      { role: 'system', content: system },
      { role: 'user', content: 'What do the notes say about Tuesday?' },
    ];
    const cold = await turn(engine, first);
    expect(cold.metrics.cachedPromptTokens).toBe(0);
    expect(cold.metrics.restoredPromptTokens).toBe(0);
    await savedStates(2); // the agent's prefix and the conversation at the end of turn 1
    const beforeRestart = await engine.promptCache?.();
    expect(beforeRestart).toMatchObject({ enabled: true, saves: 2, entries: 2, misses: 1, hits: 0 });
    expect(beforeRestart?.bytes).toBeGreaterThan(0);
    await stopEngine(engine);

    // Restart: turn 2 of the conversation starts from its saved end-of-turn state.
    engine = await startEngine();
    const second = [
      ...first,
      { role: 'assistant' as const, content: cold.text },
      { role: 'user' as const, content: 'And Friday?' },
    ];
    const restored = await turn(engine, second);
    const total = restored.metrics.promptTokensTotal ?? 0;
    expect(restored.metrics.restoredPromptTokens).toBeGreaterThanOrEqual((cold.metrics.promptTokensTotal ?? 0) - 2);
    expect(restored.metrics.cachedPromptTokens).toBe(restored.metrics.restoredPromptTokens);
    expect(restored.metrics.promptTokens).toBeLessThan(total / 2);

    // A new conversation with the same agent starts from the saved system prefix (not from the other sequence,
    // which holds only the template's opening tokens of it... and then some: it shares the prefix too).
    const fresh = await turn(engine, [
      { role: 'system', content: system },
      { role: 'user', content: 'Something unrelated.' },
    ]);
    expect(fresh.metrics.cachedPromptTokens).toBeGreaterThan((fresh.metrics.promptTokensTotal ?? 0) / 2);
    const afterFresh = await engine.promptCache?.();
    expect(afterFresh).toMatchObject({ hits: 1, corrupt: 0 });
    await stopEngine(engine);

    // Damage every saved state: the next worker ignores them, evaluates the prompt, and counts them.
    for (const name of await readdir(dir)) if (name.endsWith('.state')) await truncate(path.join(dir, name), 100);
    engine = await startEngine();
    const afterDamage = await turn(engine, second);
    expect(afterDamage.metrics.restoredPromptTokens).toBe(0);
    expect(afterDamage.metrics.promptTokens).toBeGreaterThanOrEqual((afterDamage.metrics.promptTokensTotal ?? 0) - 2);
    const stats = await engine.promptCache?.();
    expect(stats?.corrupt).toBeGreaterThanOrEqual(1);
    expect(stats?.hits).toBe(0);
    await stopEngine(engine);
  }, 240_000); // three worker starts on a loaded 2-core machine

  it('a one-off reply (a routing decision) keeps the agent prefix, saves no end state, reads the message start', async () => {
    const engine = await startEngine();
    const router = `${system} Route to a desk.`;
    const oneOff = (content: string, extra: { countOnly?: boolean } = {}) =>
      engine.generate(
        chatRequest('m', {
          messages: [
            { role: 'system', content: router },
            { role: 'user', content },
          ],
          sampling: { maxTokens: 1, temperature: 0 },
          saveTurnState: false,
          lastMessageTokens: 8,
          ...extra,
        }),
        {},
      );
    const before = (await engine.promptCache?.())?.saves ?? 0;
    await oneOff('Where is my parcel? It was due yesterday.');
    await oneOff('I want my money back for the broken kettle.');
    // The first decision evaluated and saved the router's prefix; neither saved its end-of-turn state.
    expect((await engine.promptCache?.())?.saves).toBe(before + 1);
    const long = await oneOff(`Refund please. ${'And some more words. '.repeat(40)}`, { countOnly: true });
    const short = await oneOff('Refund please.', { countOnly: true });
    expect(long.metrics.promptTokensTotal! - short.metrics.promptTokensTotal!).toBeLessThanOrEqual(8);
    await stopEngine(engine);
  }, 120_000);

  it('clears every saved state on request, keeping the budget, and saves again on the next turn', async () => {
    const engine = await startEngine();
    const messages = (content: string): ChatMessage[] => [
      { role: 'system', content: `${system} Clear check.` },
      { role: 'user', content },
    ];
    await turn(engine, messages('Hello.'));
    // The agent's prefix and the end of the turn, both handed to the store (a fresh worker counts from 0).
    await expect.poll(async () => (await engine.promptCache?.())?.saves, { timeout: 10_000, interval: 20 }).toBe(2);
    const cleared = await engine.clearPromptCache?.();
    expect(cleared).toMatchObject({ enabled: true, saves: 2, entries: 0, bytes: 0, budgetBytes: 256 * 1024 * 1024 });
    expect((await readdir(dir)).filter((n) => n !== 'model-hashes.json')).toEqual([]); // every test's states
    await turn(engine, messages('Again.'));
    // Still on: the new turn's end is saved (it covers the prefix, which its sequence already held).
    await expect
      .poll(async () => (await engine.promptCache?.())?.entries, { timeout: 10_000, interval: 20 })
      .toBeGreaterThanOrEqual(1);
    await stopEngine(engine);
  });

  it('has nothing to clear with no worker running, and starts none to find out', async () => {
    const engine = createTestEngine(captureLogger(), { promptCache: () => ({ dir, budgetBytes: 1024 }) });
    engines.push(engine);
    expect(await engine.clearPromptCache?.()).toBeNull();
    expect(engine.status().state).toBe('stopped');
    await stopEngine(engine);
  });

  it('applies a smaller budget at once, evicting saved states (0 empties the cache)', async () => {
    const engine = await startEngine();
    await turn(engine, [
      { role: 'system', content: `${system} Budget check.` },
      { role: 'user', content: 'Hello.' },
    ]);
    await savedStates(1);
    const emptied = await engine.promptCache?.(0);
    expect(emptied).toMatchObject({ entries: 0, bytes: 0, budgetBytes: 0 });
    expect(emptied?.evicted).toBeGreaterThan(0);
    const next = await turn(engine, [
      { role: 'system', content: system },
      { role: 'user', content: 'Again.' },
    ]);
    expect(next.metrics.restoredPromptTokens).toBeUndefined(); // off: not even looked up
    await stopEngine(engine);
  });
});
