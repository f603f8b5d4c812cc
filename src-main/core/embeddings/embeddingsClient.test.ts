import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '../../../src-preload/contract/envelope';
import { waitFor } from '../inference/testing/engineHarness';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { killDuringBurst } from '../process/testing/burst';
import type { EmbeddingsClient } from './embeddingsClient';
import { createTestEmbeddings, makeTestEmbeddingModel, onnxSpec } from './testing/embeddingsHarness';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('EmbeddingsClient with the ONNX worker', () => {
  const dir = makeTempDir('outpost-embed-');
  const model = makeTestEmbeddingModel(path.join(dir, 'good'));
  const spec = onnxSpec(model);
  let client: EmbeddingsClient;

  beforeAll(() => {
    client = createTestEmbeddings(createMemoryLogger());
  });
  afterAll(async () => {
    await client.dispose();
  });

  it('embeds batches into unit vectors, in order, on the CPU provider', async () => {
    const texts = ['The dog sleeps.', 'A puppy sleeps.', 'Espresso in the morning', 'dog', 'x'.repeat(2000)];
    const vectors = await client.embed(spec, texts);
    expect(vectors).toHaveLength(5);
    for (const v of vectors) {
      expect(v).toHaveLength(model.dim);
      expect(Math.abs(cosine(v, v) - 1)).toBeLessThan(1e-4);
    }
    const [dog, puppy, coffee] = vectors as [Float32Array, Float32Array, Float32Array];
    expect(cosine(dog, puppy)).toBeGreaterThan(cosine(dog, coffee) + 0.3);
    // Same text alone or inside a batch (with padding around it) gives the same vector.
    const [alone] = await client.embed(spec, ['A puppy sleeps.']);
    expect(cosine(alone!, puppy)).toBeGreaterThan(0.9999);
    expect(client.status()).toMatchObject({ state: 'ready', loaded: { provider: 'cpu', dimensions: model.dim } });
    expect(client.status().availableProviders).toContain('cpu');
  });

  it('runs a model without token_type_ids', async () => {
    const plain = makeTestEmbeddingModel(path.join(dir, 'plain'), { signature: 'sentence-no-token-types' });
    const [v] = await client.embed(onnxSpec(plain, 'onnx:plain'), ['hello there']);
    expect(v).toHaveLength(plain.dim);
  });

  it('rejects a model with the wrong signature with a typed error naming it', async () => {
    const wrong = makeTestEmbeddingModel(path.join(dir, 'pooled-model'), { signature: 'pooled-only' });
    const error = await client.embed(onnxSpec(wrong, 'onnx:wrong'), ['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({ code: 'invalid_model', message: expect.stringMatching(/pooled-model.*signature/) });
  });

  it('rejects an unreadable ONNX file with a typed error naming the model', async () => {
    const broken = makeTestEmbeddingModel(path.join(dir, 'broken-model'));
    writeFileSync(broken.modelPath, 'this is not protobuf');
    const error = await client.embed(onnxSpec(broken, 'onnx:broken'), ['x']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_model', message: expect.stringContaining('broken-model') });
    // The worker survived: the good model still works.
    expect(await client.embed(spec, ['still alive'])).toHaveLength(1);
  });

  it('turns a worker crash into worker_crashed and restarts on the next call', async () => {
    await client.embed(spec, ['warm up']);
    const pid = client.status().pid!;
    const running = client.embed(
      spec,
      Array.from({ length: 200 }, (_, i) => `text number ${i}`),
    );
    process.kill(pid, 'SIGKILL');
    await expect(running).rejects.toMatchObject({ code: 'worker_crashed' });
    const [v] = await client.embed(spec, ['after the crash']);
    expect(v).toHaveLength(model.dim);
    expect(client.status()).toMatchObject({ state: 'ready', restarts: 1 });
    expect(client.status().pid).not.toBe(pid);
  });

  it('ends every one of 200 in-flight embeddings with a typed error when the worker is SIGKILLed', async () => {
    // 20 rounds run in scripts/faults/workerKill.fault.ts; here two keep the unit suite short.
    for (let round = 0; round < 2; round++) {
      await client.embed(spec, ['warm up']);
      const outcome = await killDuringBurst(client.status().pid!, (i) => client.embed(spec, [`text ${i}`]), {
        before: 150,
        after: 50,
      });
      expect(outcome.untyped).toEqual([]);
      expect(outcome.typed.worker_crashed ?? 0).toBeGreaterThan(0);
      expect(Object.values(outcome.typed).reduce((a, b) => a + b, 0) + outcome.fulfilled).toBe(200);
    }
    expect(await client.embed(spec, ['after the bursts'])).toHaveLength(1);
  });

  it('stops the worker when idle and starts it again on demand', async () => {
    const idle = createTestEmbeddings(createMemoryLogger(), 200);
    try {
      await idle.embed(spec, ['a']);
      // No call for 200 ms → the worker is shut down (polled: how long the exit takes depends on the machine).
      await waitFor(() => idle.status().state === 'stopped', 30_000, 'idle stop');
      expect(idle.status().pid).toBeNull();
      expect(await idle.embed(spec, ['b'])).toHaveLength(1);
    } finally {
      await idle.dispose();
    }
  });
});
