/** Context budgeting through a real worker: typed overflow before generating, and a default reply limit that fits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceEngine } from './engine';
import { captureLogger, chatRequest, createTestEngine, testLoadOptions, tinyModelPath } from './testing/engineHarness';

let engine: InferenceEngine;
/** A grammar with no end: the model cannot stop by itself, so only the reply limit ends it. */
const NEVER_ENDING = { type: 'grammar', gbnf: 'root ::= "ab" root' } as const;

beforeAll(async () => {
  engine = createTestEngine(captureLogger());
  await engine.load({ id: 'ctx', path: await tinyModelPath(1) }, testLoadOptions({ parallelSequences: 1 }), () => {});
});

afterAll(async () => {
  await engine?.dispose();
});

describe('context budget in the worker', () => {
  it('refuses a system prompt longer than the context with context_overflow and the numbers', async () => {
    // The byte-level test tokenizer spends about one token per character.
    const request = chatRequest('ctx', {
      messages: [
        { role: 'system', content: 'x'.repeat(2_000) },
        { role: 'user', content: 'hi' },
      ],
    });
    const error = await engine.generate(request, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'context_overflow',
      details: { reason: 'prompt_too_long', contextSize: 512, promptTokens: expect.any(Number) },
    });
    const { promptTokens } = (error as { details: { promptTokens: number } }).details;
    expect(promptTokens).toBeGreaterThan(512);
  });

  it('without a reply limit, stops at what remains of the context instead of failing a context shift', async () => {
    const request = chatRequest('ctx', {
      messages: [{ role: 'user', content: 'y'.repeat(300) }],
      responseFormat: NEVER_ENDING,
    });
    const result = await engine.generate(request, {});
    expect(result.finishReason).toBe('length');
    const used = result.metrics.promptTokens + result.metrics.completionTokens;
    expect(used).toBeLessThanOrEqual(512);
    expect(used).toBeGreaterThan(500); // it used the room there was
  });

  it('a reply limit larger than what remains is capped there', async () => {
    const request = chatRequest('ctx', {
      messages: [{ role: 'user', content: 'z'.repeat(400) }],
      sampling: { maxTokens: 4_000 },
      responseFormat: NEVER_ENDING,
    });
    const result = await engine.generate(request, {});
    expect(result.finishReason).toBe('length');
    expect(result.metrics.promptTokens + result.metrics.completionTokens).toBeLessThanOrEqual(512);
  });
});
