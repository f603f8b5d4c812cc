/**
 * Prefix-aware sequences through a real worker and a random-weight model: a conversation's next turn lands on
 * the sequence that already holds its history, even with another conversation in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, GenerateResult } from '../../../src-preload/contract/inference';
import type { InferenceEngine } from './engine';
import { captureLogger, chatRequest, createTestEngine, testLoadOptions, tinyModelPath } from './testing/engineHarness';

let engine: InferenceEngine;

beforeAll(async () => {
  engine = createTestEngine(captureLogger());
  await engine.load({ id: 'm', path: await tinyModelPath(1) }, testLoadOptions({ contextSize: 1024 }), () => undefined);
});

afterAll(async () => {
  await engine?.dispose();
});

const systemA = `You are agent A. ${'Answer briefly and cite the notes. '.repeat(4)}`;
const systemB = `You are agent B, a different one. ${'Keep a list of open questions. '.repeat(4)}`;

async function turn(messages: ChatMessage[]): Promise<GenerateResult> {
  return engine.generate(chatRequest('m', { messages, sampling: { maxTokens: 8, seed: 1 } }), {});
}

const next = (history: ChatMessage[], reply: GenerateResult, user: string): ChatMessage[] => [
  ...history,
  { role: 'assistant', content: reply.text },
  { role: 'user', content: user },
];

/** The later turn reused the whole earlier prompt (system, question, assistant header) and evaluated the rest. */
function expectReused(earlier: GenerateResult, later: GenerateResult): void {
  const cached = later.metrics.cachedPromptTokens ?? 0;
  const total = later.metrics.promptTokensTotal ?? 0;
  expect(cached).toBeGreaterThanOrEqual((earlier.metrics.promptTokensTotal ?? 0) - 2);
  expect(later.metrics.promptTokens).toBeLessThanOrEqual(total - cached + 1);
  expect(later.metrics.promptTokens).toBeLessThan(total / 2);
}

describe('prefix-aware sequences', () => {
  it('sends each turn to the sequence holding its conversation and evaluates only the new tokens', async () => {
    const a1: ChatMessage[] = [
      { role: 'system', content: systemA },
      { role: 'user', content: 'First question of A.' },
    ];
    const b1: ChatMessage[] = [
      { role: 'system', content: systemB },
      { role: 'user', content: 'First question of B.' },
    ];
    const resultA1 = await turn(a1);
    expect(resultA1.metrics.cachedPromptTokens).toBe(0); // cold

    // Turn 2 right after turn 1: a FIFO pool sent it to the other, empty sequence.
    const a2 = next(a1, resultA1, 'Second.');
    const resultA2 = await turn(a2);
    expectReused(resultA1, resultA2);

    // Another conversation takes the least recently used sequence, not A's (only the template header is shared).
    const resultB1 = await turn(b1);
    expect(resultB1.metrics.cachedPromptTokens).toBeLessThan((resultB1.metrics.promptTokensTotal ?? 0) / 2);

    const resultA3 = await turn(next(a2, resultA2, 'Third.'));
    expectReused(resultA2, resultA3);
    const resultB2 = await turn(next(b1, resultB1, 'Second.'));
    expectReused(resultB1, resultB2);
  });
});
