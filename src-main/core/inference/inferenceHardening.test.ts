/**
 * Templates and stuck workers through a real worker: a runaway chat template is replaced by a safe one, and a
 * worker stuck in a template still honours cancel and unload (it is killed and restarted).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gguf, writeGgufFile } from '../../../scripts/test-model/gguf-writer';
import { buildTestModelSpec } from '../../../scripts/test-model/make-test-model';
import { CHATML_TEMPLATE } from '../../../scripts/test-model/tokenizer';
import type { InferenceEngine } from './engine';
import { captureLogger, chatRequest, createTestEngine, testLoadOptions, waitFor } from './testing/engineHarness';

let dir: string;
let engine: InferenceEngine;
const logger = captureLogger();

async function modelWithTemplate(name: string, template: string): Promise<string> {
  const base = buildTestModelSpec({ shape: 'tiny', seed: 4 });
  const spec = {
    ...base,
    metadata: base.metadata.map(([k, v]) => [k, k === 'tokenizer.chat_template' ? gguf.string(template) : v] as const),
  };
  const file = path.join(dir, `${name}.gguf`);
  await writeGgufFile(file, spec);
  return file;
}

/** Cheap for a few messages, astronomically slow for forty: n^5 loop iterations before the ChatML text. */
const NESTED =
  '{% for a in messages %}{% for b in messages %}{% for c in messages %}{% for d in messages %}{% for e in messages %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-hardening-'));
  engine = createTestEngine(logger);
});

afterAll(async () => {
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('chat templates and stuck workers', () => {
  it('replaces a template whose rendering never ends with a safe one, and says so', async () => {
    const file = await modelWithTemplate(
      'endless',
      '{% for i in range(2000000000) %}{{ i }}{% endfor %}' + CHATML_TEMPLATE,
    );
    await engine.load({ id: 'endless', path: file }, testLoadOptions({ parallelSequences: 1 }), () => {});
    const result = await engine.generate(chatRequest('endless', { sampling: { maxTokens: 4 } }), {});
    expect(['stop', 'length']).toContain(result.finishReason);
    expect(logger.entries.some((e) => /chat template is not used \(rendering/.test(e.message))).toBe(true);
    await engine.unload('endless');
  });

  it('a cancel ends a generation stuck in a template: the worker is killed and restarted', async () => {
    const file = await modelWithTemplate('nested', NESTED + CHATML_TEMPLATE);
    await engine.load({ id: 'nested', path: file }, testLoadOptions({ parallelSequences: 1 }), () => {});
    const restartsBefore = engine.status().restarts;
    const messages = Array.from(
      { length: 40 },
      (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }) as const,
    );
    const controller = new AbortController();
    const generation = engine.generate(
      chatRequest('nested', { messages, sampling: { maxTokens: 4 } }),
      {},
      controller.signal,
    );
    setTimeout(() => controller.abort(), 500);
    const result = await generation;
    expect(result.finishReason).toBe('aborted');
    await waitFor(() => engine.status().restarts > restartsBefore, 30_000, 'the worker restart');
    expect(engine.loadedModelIds()).not.toContain('nested');
  });

  it('an unload answers while the worker is stuck in a template', async () => {
    const file = await modelWithTemplate('nested2', NESTED + CHATML_TEMPLATE);
    await waitFor(() => engine.status().state === 'ready' || engine.status().state === 'stopped', 30_000);
    await engine.load({ id: 'nested2', path: file }, testLoadOptions({ parallelSequences: 1 }), () => {});
    const messages = Array.from(
      { length: 40 },
      (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }) as const,
    );
    const generation = engine
      .generate(chatRequest('nested2', { messages, sampling: { maxTokens: 4 } }), {})
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await engine.unload('nested2');
    expect(engine.loadedModelIds()).not.toContain('nested2');
    expect(await generation).toMatchObject({ code: 'worker_crashed' });
  });
});
