/**
 * Speculative decoding through the real worker with generated models: predictors report their acceptance in
 * the reply metrics, and a draft model with another tokenizer is refused with a typed error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../../scripts/test-model/make-test-model';
import { OutpostError } from '../../../src-preload/contract/envelope';
import { DEFAULT_SPECULATIVE, type Speculative } from '../../../src-preload/contract/models';
import type { InferenceEngine } from './engine';
import { captureLogger, chatRequest, createTestEngine, testLoadOptions, tinyModelPath } from './testing/engineHarness';

let engine: InferenceEngine;
let target: string;

const speculative = (overrides: Partial<Speculative>): Speculative => ({ ...DEFAULT_SPECULATIVE, ...overrides });
const options = (overrides: Partial<Speculative>) =>
  testLoadOptions({ parallelSequences: 1, speculative: speculative(overrides) });

beforeAll(async () => {
  target = await tinyModelPath(1);
  engine = createTestEngine(captureLogger());
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

describe('speculative decoding', () => {
  it('reports no predictions for a model loaded with prompt lookup switched off', async () => {
    await engine.load({ id: 'plain', path: target }, options({ inputLookup: false }), () => undefined);
    const result = await engine.generate(chatRequest('plain', { sampling: { maxTokens: 16, temperature: 0 } }), {});
    expect(result.metrics.predictions).toBeUndefined();
    await engine.unload('plain');
  }, 120_000);

  it('a draft model with the same weights predicts tokens the target confirms, counted in the metrics', async () => {
    await engine.load(
      { id: 'target', path: target, draft: { id: 'twin', path: target } },
      options({ draftModelId: 'twin', draftMinConfidence: 0, maxPredicted: 4 }),
      () => undefined,
    );
    const plain = await engine.load({ id: 'plain', path: target }, options({ inputLookup: false }), () => undefined);
    const withDraft = await engine.generate(chatRequest('target', { sampling: { maxTokens: 32, temperature: 0 } }), {});
    const without = await engine.generate(chatRequest('plain', { sampling: { maxTokens: 32, temperature: 0 } }), {});
    expect(plain.parallelSequences).toBe(1);
    const predictions = withDraft.metrics.predictions;
    expect(predictions?.predictor).toBe('draft');
    expect(predictions!.validated).toBeGreaterThan(0);
    // Random weights give near-tied logits, so batch and single-token evaluation disagree on some tokens (refuted).
    expect(without.metrics.predictions).toBeUndefined();
    await engine.unload('target');
    await engine.unload('plain');
  }, 120_000);

  it('prompt lookup is on by default and reports its validated and refuted counts in the reply metrics', async () => {
    expect(DEFAULT_SPECULATIVE.inputLookup).toBe(true);
    const defaults = testLoadOptions({ parallelSequences: 1, speculative: DEFAULT_SPECULATIVE });
    await engine.load({ id: 'lookup', path: target }, defaults, () => undefined);
    const text = 'Copy this: alpha beta gamma delta, alpha beta gamma delta, alpha beta gamma delta.';
    const result = await engine.generate(
      chatRequest('lookup', {
        messages: [{ role: 'user', content: text }],
        sampling: { maxTokens: 48, temperature: 0 },
      }),
      {},
    );
    expect(result.metrics.predictions).toEqual({
      predictor: 'input-lookup',
      validated: expect.any(Number),
      refuted: expect.any(Number),
    });
    await engine.unload('lookup');
  }, 120_000);

  it('refuses a draft model whose tokenizer differs, with a typed error, and loads nothing', async () => {
    const other = await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 5, vocabPadTo: 2048 });
    const error = await engine
      .load(
        { id: 'mismatched', path: target, draft: { id: 'other-vocab', path: other } },
        options({ draftModelId: 'other-vocab' }),
        () => undefined,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({
      code: 'invalid_model',
      details: { reason: 'draft_tokenizer_mismatch', modelId: 'mismatched', draftModelId: 'other-vocab' },
    });
    expect(engine.loadedModelIds()).not.toContain('mismatched');
  }, 120_000);
});
