/**
 * Background warm of a prompt prefix through a real worker and a random-weight model: the warmed prefix is what
 * the next turn does not evaluate, a warm never loads or queues, a real request stops it, and a saved prefix is
 * restored after a reload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, WarmRequest } from '../../../src-preload/contract/inference';
import type { InferenceEngine } from './engine';
import { makeTempDir } from '../testing/testPorts';
import { captureLogger, chatRequest, createTestEngine, testLoadOptions, tinyModelPath } from './testing/engineHarness';

// Generous: on a loaded machine a worker start and a few evaluations take many times their idle time.
const TIMEOUT = 240_000;
const systemA = `You are agent A. ${'Answer briefly and cite the notes you were given. '.repeat(8)}`;
const systemB = `You are agent B, another one. ${'Keep a list of the open questions for later. '.repeat(8)}`;
const system = (content: string): ChatMessage => ({ role: 'system', content });
let warmCounter = 0;
const warmRequest = (modelId: string, messages: ChatMessage[]): WarmRequest => ({
  requestId: `warm-${++warmCounter}`,
  modelId,
  messages,
});
const ask = (content: string) => [system(content), { role: 'user' as const, content: 'What is next?' }];

let engine: InferenceEngine;
let modelPath: string;
const dir = makeTempDir('outpost-warm-cache-');
const options = testLoadOptions({ contextSize: 1024 });

beforeAll(async () => {
  modelPath = await tinyModelPath(1);
  // One worker for the whole file, with the prompt cache on: a second start can take minutes on a loaded machine.
  engine = createTestEngine(captureLogger(), { promptCache: () => ({ dir, budgetBytes: 64 * 1024 * 1024 }) });
  await engine.load({ id: 'm', path: modelPath }, options, () => undefined);
}, TIMEOUT);

afterAll(async () => {
  await engine?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

const turn = (content: string) =>
  engine.generate(chatRequest('m', { messages: ask(content), sampling: { maxTokens: 2 } }), {});

/** The worker describes a saved state after the save answers: wait until one holds exactly `tokens` tokens. */
async function savedStateOf(tokens: number): Promise<void> {
  const held = () =>
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json') && name !== 'model-hashes.json')
      .some((name) => {
        const meta: unknown = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
        return typeof meta === 'object' && meta !== null && 'tokens' in meta && Array.isArray(meta.tokens)
          ? meta.tokens.length === tokens
          : false;
      });
  await expect.poll(held, { timeout: TIMEOUT, interval: 50 }).toBe(true);
}

describe('prefix warm', () => {
  it(
    'evaluates the prefix once, so the next turn evaluates only its own message',
    async () => {
      const warmed = await engine.warm!(warmRequest('m', [system(systemA)]));
      expect(warmed).toMatchObject({ outcome: 'evaluated' });
      expect(warmed!.prefixTokens).toBeGreaterThan(300);
      expect(warmed!.evaluatedTokens).toBe(warmed!.prefixTokens);
      expect(await engine.warm!(warmRequest('m', [system(systemA)]))).toMatchObject({
        outcome: 'held',
        prefixTokens: warmed!.prefixTokens,
        evaluatedTokens: 0,
      });

      const turnA = await turn(systemA);
      expect(turnA.metrics.cachedPromptTokens).toBeGreaterThanOrEqual(warmed!.prefixTokens);
      expect(turnA.metrics.promptTokens).toBeLessThanOrEqual(
        turnA.metrics.promptTokensTotal! - warmed!.prefixTokens + 1,
      );
      // The same shape of turn for an agent nobody warmed evaluates its whole system prompt.
      const turnB = await turn(systemB);
      expect(turnB.metrics.promptTokens).toBeGreaterThan(turnA.metrics.promptTokens + warmed!.prefixTokens / 2);
    },
    TIMEOUT,
  );

  it(
    'does nothing for a model the worker does not hold, and never starts a worker',
    async () => {
      expect(await engine.warm!(warmRequest('nope', [system(systemA)]))).toMatchObject({
        outcome: 'skipped',
        reason: 'the model is not loaded',
      });
      const idle = createTestEngine(captureLogger());
      try {
        expect(await idle.warm!(warmRequest('m', [system(systemA)]))).toBeNull();
        expect(idle.status().state).not.toBe('ready');
      } finally {
        await idle.dispose();
      }
    },
    TIMEOUT,
  );

  it(
    'stops for a real request on the model instead of delaying it',
    async () => {
      const systemC = `You are agent C. ${'Summarise every document before answering the question. '.repeat(9)}`;
      // Sent back to back: the generation reaches the worker while the warm is at most a slice in.
      const warming = engine.warm!(warmRequest('m', [system(systemC)]));
      const reply = await turn(systemC);
      const warmed = await warming;
      expect(reply.finishReason).not.toBe('aborted');
      expect(['stopped', 'skipped']).toContain(warmed!.outcome);
      expect(warmed!.evaluatedTokens).toBeLessThan(reply.metrics.promptTokensTotal! / 2);
    },
    TIMEOUT,
  );

  it(
    'restores a saved prefix after a reload instead of evaluating it again',
    async () => {
      const systemD = `You are agent D. ${'Check the calendar before you promise a date. '.repeat(9)}`;
      const first = await engine.warm!(warmRequest('m', [system(systemD)]));
      expect(first).toMatchObject({ outcome: 'evaluated' });
      await savedStateOf(first!.prefixTokens);
      await engine.unload('m');
      await engine.load({ id: 'm', path: modelPath }, options, () => undefined);
      const again = await engine.warm!(warmRequest('m', [system(systemD)]));
      expect(again).toMatchObject({ outcome: 'restored', prefixTokens: first!.prefixTokens, evaluatedTokens: 0 });
      const reply = await turn(systemD);
      expect(reply.metrics.cachedPromptTokens).toBeGreaterThanOrEqual(first!.prefixTokens);
    },
    TIMEOUT,
  );
});
