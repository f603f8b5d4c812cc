import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateRequest, OutpostError, type Settings } from '@contract';
import { createTestEngine, testLoadOptions } from '../inference/testing/engineHarness';
import type { InferenceEngine } from '../inference/engine';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { createTestLifecycle, createTestModels, type TestModels } from './testing/lifecycleHarness';

const GiB = 1024 ** 3;
let engine: InferenceEngine;
let models: TestModels;

beforeAll(async () => {
  engine = createTestEngine();
  models = await createTestModels([1, 2, 3], testLoadOptions());
});

afterAll(async () => {
  await engine.dispose();
  models.close();
});

function setup(overrides: Partial<Settings> = {}, totalRamBytes = 24 * GiB) {
  const t = createTestLifecycle(engine, models, overrides, totalRamBytes);
  return {
    ...t,
    advanceMinutes: (m: number) => t.tick(m),
    cleanup: async () => {
      for (const m of t.lifecycle.list()) await t.lifecycle.unload(m.modelId);
    },
  };
}

// Policy (budget, LRU, idle unload) is tested on a fake engine in modelLifecycle.policy.test.ts.
describe('ModelLifecycle with the real worker', () => {
  it('estimates, loads with progress, lists, and unloads', async () => {
    const t = setup();
    const estimate = await t.lifecycle.estimate('tiny-1');
    expect(estimate).toMatchObject({ fits: true, wouldEvict: [], suggestion: null, contextSize: 512 });
    expect(estimate.ramBytes).toBeGreaterThan(0);

    const loaded = await t.lifecycle.load('tiny-1');
    expect(loaded).toMatchObject({ modelId: 'tiny-1', contextSize: 512, parallelSequences: 2, busySequences: 0 });
    const phases = t.events.events
      .filter((e) => e.name === 'models.loadProgress')
      .map((e) => (e.payload as { phase: string }).phase);
    expect(phases[0]).toBe('validating');
    expect(phases.at(-1)).toBe('done');
    expect(t.lifecycle.list().map((m) => m.modelId)).toEqual(['tiny-1']);

    await t.lifecycle.unload('tiny-1');
    expect(t.lifecycle.list()).toEqual([]);
    expect(engine.loadedModelIds()).toEqual([]);
  });

  it('loads just in time for a generation, streams, and stores the metrics', async () => {
    const t = setup();
    const request = GenerateRequest.parse({
      requestId: 'jit-1',
      modelId: 'tiny-3',
      messages: [{ role: 'user', content: 'Hello' }],
      sampling: { maxTokens: 8, temperature: 0 },
      origin: 'test',
    });
    const deltas: string[] = [];
    let observed = 0;
    const stopObserving = t.lifecycle.onTokens((tokens, of) => {
      if (of.requestId === 'jit-1') observed += tokens;
    });
    const result = await t.lifecycle.generate(request, {
      signal: new AbortController().signal,
      onDelta: (delta) => deltas.push(delta),
    });
    stopObserving();
    expect(result.metrics.completionTokens).toBeGreaterThan(0);
    // The caller gets its own deltas; nothing about them goes out as an event.
    expect(deltas.join('')).toBe(result.text);
    expect(observed).toBeGreaterThan(0);
    expect(t.events.events.map((e) => e.name)).not.toContain('inference.token');
    const row = models.db.prepare('SELECT * FROM inference_requests WHERE request_id = ?').get('jit-1') as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      model_id: 'tiny-3',
      origin: 'test',
      completion_tokens: result.metrics.completionTokens,
    });
    expect(t.lifecycle.list()).toMatchObject([{ modelId: 'tiny-3', busySequences: 0 }]);
    await t.cleanup();
  });

  it('gives a typed error naming the file when a model file vanished, and keeps working', async () => {
    const t = setup();
    const file = path.join(models.dataDir, 'models', 'gone.gguf');
    await writeTestModel(file, { shape: 'tiny', seed: 9 });
    await models.registry.scan();
    fs.rmSync(file);
    const error = await t.lifecycle.load('gone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).message).toContain('gone.gguf');
    await t.lifecycle.load('tiny-1');
    expect(t.lifecycle.list().map((m) => m.modelId)).toEqual(['tiny-1']);
    await t.cleanup();
  });
});
