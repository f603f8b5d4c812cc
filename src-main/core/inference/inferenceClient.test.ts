/**
 * End to end through a real worker process (tsx) and tiny generated GGUF models with random weights:
 * output is gibberish, so these tests assert structure, streaming, metrics and failure handling.
 */
import { z } from 'zod';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerStatus } from '../../../src-preload/contract/inference';
import { makeTestModel } from '../../../scripts/test-model/make-test-model';
import { killDuringBurst } from '../process/testing/burst';
import type { InferenceEngine } from './engine';
import {
  captureLogger,
  chatRequest,
  createTestEngine,
  testLoadOptions,
  tinyModelPath,
  waitFor,
} from './testing/engineHarness';

let engine: InferenceEngine;
let modelPath: string;
let tempDir: string;
const statuses: WorkerStatus['state'][] = [];
const lostModels: string[][] = [];

beforeAll(async () => {
  modelPath = await tinyModelPath(1);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'outpost-inference-'));
  engine = createTestEngine(captureLogger());
  engine.onStatus((status) => statuses.push(status.state));
  engine.onModelsLost((ids) => lostModels.push(ids));
  await engine.load({ id: 'a', path: modelPath }, testLoadOptions(), () => undefined);
});

afterAll(async () => {
  await engine?.dispose();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('inference engine with a real worker', () => {
  it('estimates a model before loading it with sane positive numbers', async () => {
    const estimate = await engine.estimate({ id: 'est', path: await tinyModelPath(2) }, testLoadOptions());
    expect(estimate.gpuLayers).toBe(0); // CPU backend
    expect(estimate.contextSize).toBe(512);
    expect(estimate.ramBytes).toBeGreaterThan(0);
    expect(estimate.vramBytes).toBe(0);
    const auto = await engine.estimate(
      { id: 'est', path: await tinyModelPath(2) },
      testLoadOptions({ contextSize: 'auto' }),
    );
    expect(auto.contextSize).toBeGreaterThan(0);
    expect(auto.contextSize).toBeLessThanOrEqual(4096); // the model's training context
  });

  it('loads with progress, reports the resolved load, and unloads', async () => {
    const progress: number[] = [];
    const resolved = await engine.load({ id: 'b', path: modelPath }, testLoadOptions({ parallelSequences: 1 }), (p) =>
      progress.push(p),
    );
    expect(resolved).toMatchObject({ gpuLayers: 0, contextSize: 512, parallelSequences: 1, vramBytes: 0 });
    expect(resolved.ramBytes).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(engine.loadedModelIds()).toEqual(expect.arrayContaining(['a', 'b']));

    await engine.unload('b');
    expect(engine.loadedModelIds()).not.toContain('b');
    await expect(engine.generate(chatRequest('b'), {})).rejects.toMatchObject({ code: 'not_loaded' });
  });

  it('streams ordered deltas whose concatenation is the final text, with metrics', async () => {
    const deltas: string[] = [];
    let streamedTokens = 0;
    const result = await engine.generate(chatRequest('a', { sampling: { maxTokens: 48 } }), {
      onDelta: (delta, tokens) => {
        deltas.push(delta);
        streamedTokens += tokens;
      },
    });
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(result.text);
    expect(['stop', 'length']).toContain(result.finishReason);
    const { metrics } = result;
    expect(metrics.ttftMs).toBeGreaterThanOrEqual(0);
    expect(metrics.promptTokens).toBeGreaterThan(0);
    expect(metrics.completionTokens).toBeGreaterThan(0);
    expect(metrics.completionTokens).toBeLessThanOrEqual(48);
    expect(streamedTokens).toBeLessThanOrEqual(metrics.completionTokens);
    expect(metrics.promptTokensPerSecond).toBeGreaterThan(0);
    expect(metrics.generationTokensPerSecond).toBeGreaterThan(0);
    expect(metrics.totalMs).toBeGreaterThanOrEqual(metrics.ttftMs ?? 0);
  });

  it('stops an aborted generation within a bounded number of tokens and keeps the partial text', async () => {
    const controller = new AbortController();
    let text = '';
    let tokensAtAbort = -1;
    const result = await engine.generate(
      chatRequest('a', { sampling: { maxTokens: 480 } }),
      {
        onDelta: (delta, tokens) => {
          text += delta;
          if (tokensAtAbort < 0) {
            tokensAtAbort = tokens;
            controller.abort();
          }
        },
      },
      controller.signal,
    );
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe(text);
    // Tokens the worker made between our abort and seeing the cancel: one IPC round trip on a busy box.
    expect(result.metrics.completionTokens - tokensAtAbort).toBeLessThan(240);
  });

  it('runs two requests concurrently on one model with parallelSequences: 2', async () => {
    const windows = await Promise.all(
      ['x', 'y'].map(async () => {
        let firstDeltaAt = 0;
        const result = await engine.generate(chatRequest('a', { sampling: { maxTokens: 200 } }), {
          onDelta: () => {
            firstDeltaAt ||= performance.now();
          },
        });
        return { firstDeltaAt, endedAt: performance.now(), result };
      }),
    );
    const [one, two] = windows as [(typeof windows)[0], (typeof windows)[0]];
    expect(one.result.metrics.completionTokens).toBeGreaterThan(0);
    expect(two.result.metrics.completionTokens).toBeGreaterThan(0);
    expect(one.firstDeltaAt).toBeLessThan(two.endedAt);
    expect(two.firstDeltaAt).toBeLessThan(one.endedAt);
  });

  it('constrains output to a JSON schema', async () => {
    const schema = {
      type: 'object',
      properties: { tool: { enum: ['calculator'] }, x: { type: 'integer' } },
      required: ['tool', 'x'],
    };
    const request = chatRequest('a', { responseFormat: { type: 'json_schema', schema }, sampling: { maxTokens: 128 } });
    const result = await engine.generate(request, {});
    const parsed = z.object({ tool: z.string(), x: z.unknown() }).parse(JSON.parse(result.text));
    expect(parsed.tool).toBe('calculator');
    // node-llama-cpp's "integer" grammar admits exponents (e.g. 317e-17), so check the JSON type only.
    expect(typeof parsed.x).toBe('number');
    expect(result.finishReason).toBe('stop');
  });

  it('returns a forced function call as structured data without executing it', async () => {
    // Function docs in the system prompt need more room than 512 tokens with the tiny byte-level vocab.
    await engine.load(
      { id: 'fn', path: modelPath },
      testLoadOptions({ contextSize: 2048, parallelSequences: 1 }),
      () => undefined,
    );
    const functions = {
      get_weather: {
        description: 'Current weather in a city',
        params: { type: 'object', properties: { city: { enum: ['Paris', 'Oslo'] } }, required: ['city'] },
      },
    };
    const messages = [{ role: 'user' as const, content: 'Weather in Oslo?' }];
    const request = chatRequest('fn', { messages, functions, sampling: { maxTokens: 64 } });
    const result = await engine.generate(request, {}, undefined, { functionCall: 'required' });
    expect(result.finishReason).toBe('functionCalls');
    expect(result.functionCalls).toHaveLength(1);
    expect(result.functionCalls[0]?.name).toBe('get_weather');
    expect(['Paris', 'Oslo']).toContain((result.functionCalls[0]?.params as { city: string }).city);

    // The agent loop's next turn: the call and its result go back as history and generation continues.
    const call = { name: 'get_weather', params: { city: 'Oslo' }, result: { celsius: 3 } };
    const followUp = chatRequest('fn', {
      messages: [...messages, { role: 'assistant', content: '', functionCalls: [call] }],
      functions,
      sampling: { maxTokens: 16 },
    });
    const next = await engine.generate(followUp, {});
    expect(next.metrics.completionTokens).toBeGreaterThan(0);
    await engine.unload('fn');
  });

  it('reports a truncated or foreign file as invalid_model and keeps serving the loaded model', async () => {
    const bytes = await readFile(modelPath);
    const truncated = path.join(tempDir, 'truncated.gguf');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const foreign = path.join(tempDir, 'not-a-model.gguf');
    await writeFile(foreign, 'definitely not GGUF'.repeat(100));

    for (const file of [truncated, foreign]) {
      const error = await engine.load({ id: 'bad', path: file }, testLoadOptions(), () => undefined).catch((e) => e);
      expect(error).toMatchObject({ code: 'invalid_model' });
      expect((error as Error).message).toContain(path.basename(file));
    }
    const truncatedError = await engine
      .load({ id: 'bad', path: truncated }, testLoadOptions(), () => undefined)
      .catch((e) => e);
    expect((truncatedError as Error).message).toMatch(/file bounds|corrupted|incomplete/); // llama.cpp's own reason
    await expect(engine.estimate({ id: 'bad', path: foreign }, testLoadOptions())).rejects.toMatchObject({
      code: 'invalid_model',
    });
    expect(engine.loadedModelIds()).not.toContain('bad');
    const result = await engine.generate(chatRequest('a', { sampling: { maxTokens: 8 } }), {});
    expect(result.metrics.completionTokens).toBeGreaterThan(0);
  });

  it('maps a context that cannot fit in memory to insufficient_memory before allocating it', async () => {
    // 32 layers × 256-wide KV ≈ 32 KiB per token: 4 × 1M tokens would need ~128 GiB.
    const deepPath = await makeTestModel({
      shape: { embeddingLength: 256, blockCount: 32, headCount: 4, headCountKv: 4, feedForwardLength: 32 },
      type: 'Q8_0',
      name: 'outpost-test-deep',
    });
    const options = testLoadOptions({ contextSize: 1_048_576, parallelSequences: 4 });
    const error = await engine.load({ id: 'huge', path: deepPath }, options, () => undefined).catch((e) => e);
    expect(error).toMatchObject({ code: 'insufficient_memory' });
    expect((error as Error).message).toContain('outpost-test-deep');
    expect(engine.loadedModelIds()).not.toContain('huge');
  });

  it("unload aborts the model's running generation and fails requests queued for it", async () => {
    await engine.load({ id: 'c', path: modelPath }, testLoadOptions({ parallelSequences: 1 }), () => undefined);
    let unloading: Promise<void> | null = null;
    const running = engine.generate(chatRequest('c', { sampling: { maxTokens: 480 } }), {
      onDelta: () => {
        unloading ??= engine.unload('c');
      },
    });
    const queued = engine.generate(chatRequest('c', { sampling: { maxTokens: 8 } }), {}).catch((e: unknown) => e);
    const result = await running;
    expect(result.finishReason).toBe('aborted');
    expect(result.metrics.completionTokens).toBeLessThan(480);
    await unloading;
    expect(await queued).toMatchObject({ code: 'not_loaded' });
    expect(engine.loadedModelIds()).not.toContain('c');
  });

  it('survives the worker being killed mid-generation: typed rejection, models lost, restart', async () => {
    statuses.length = 0;
    lostModels.length = 0;
    const pid = engine.status().pid;
    expect(pid).toBeGreaterThan(0);
    const generation = engine.generate(chatRequest('a', { sampling: { maxTokens: 480 } }), {
      onDelta: () => {
        if (engine.status().pid === pid) process.kill(pid ?? 0, 'SIGKILL');
      },
    });
    await expect(generation).rejects.toMatchObject({ code: 'worker_crashed' });
    expect(lostModels).toEqual([['a']]);
    expect(engine.loadedModelIds()).toEqual([]);
    await waitFor(() => engine.status().state === 'ready', 60_000, 'worker restart');
    expect(statuses.slice(0, 1)).toEqual(['restarting']);
    expect(engine.status()).toMatchObject({ restarts: 1, backend: 'cpu' });
    expect(engine.status().pid).not.toBe(pid);
    expect(engine.status().lastError).toMatch(/SIGKILL/);

    await engine.load({ id: 'a', path: modelPath }, testLoadOptions(), () => undefined);
    const result = await engine.generate(chatRequest('a', { sampling: { maxTokens: 8 } }), {});
    expect(result.metrics.completionTokens).toBeGreaterThan(0);
  });

  it('ends every one of 200 in-flight estimates with a typed error when the worker is SIGKILLed', async () => {
    // 20 rounds run against the real host in scripts/faults/workerKill.fault.ts; here two keep the unit suite short.
    for (let round = 0; round < 2; round++) {
      await engine.estimate({ id: 'a', path: modelPath }, testLoadOptions()); // a running worker to kill
      const outcome = await killDuringBurst(
        engine.status().pid!,
        () => engine.estimate({ id: 'a', path: modelPath }, testLoadOptions()),
        { before: 150, after: 50 },
      );
      expect(outcome.untyped).toEqual([]);
      expect(outcome.typed.worker_crashed ?? 0).toBeGreaterThan(0);
      expect(Object.values(outcome.typed).reduce((a, b) => a + b, 0) + outcome.fulfilled).toBe(200);
    }
    expect((await engine.estimate({ id: 'a', path: modelPath }, testLoadOptions())).contextSize).toBeGreaterThan(0);
  });
});
