/** Scoring a choice of labels from one forward pass, on a real llama.cpp context and a random-weight model. */
import { getLlama, type Llama, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../../../src-preload/contract/inference';
import { tinyModelPath } from '../testing/engineHarness';
import { bestChoice, scorableChoices, scoreChoices } from './choiceScoring';

let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', skipDownload: true });
  model = await llama.loadModel({ modelPath: await tinyModelPath() });
  context = await model.createContext({ contextSize: 512, sequences: 2, threads: 1 });
}, 120_000);

afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
  await llama?.dispose();
});

const request = (input: Partial<GenerateRequest>) =>
  GenerateRequest.parse({ requestId: 'r', modelId: 'm', messages: [{ role: 'user', content: 'hi' }], ...input });

describe('scorableChoices', () => {
  it('scores greedy requests whose choices start with distinct tokens, and nothing else', () => {
    const labels = ['1', '2', '3'];
    const tokens = scorableChoices(request({ choices: labels }), model);
    expect(tokens).toEqual(labels.map((label) => model.tokenize(label, false)[0]));
    expect(scorableChoices(request({ choices: labels, sampling: { temperature: 0 } }), model)).not.toBeNull();
    // Sampling, functions, counting, or two choices sharing a first token: the constrained generation decides.
    expect(scorableChoices(request({ choices: labels, sampling: { temperature: 0.7 } }), model)).toBeNull();
    expect(scorableChoices(request({ choices: labels, functions: { f: {} } }), model)).toBeNull();
    expect(scorableChoices(request({ choices: labels, countOnly: true }), model)).toBeNull();
    expect(scorableChoices(request({ choices: ['abc', 'abd'] }), model)).toBeNull();
    expect(scorableChoices(request({}), model)).toBeNull();
  });

  it('picks the highest logit, the first on a tie, and -1 without logits', () => {
    const tokens = [5, 6, 7] as Token[];
    expect(
      bestChoice(
        tokens,
        new Map([
          [5, 0.1],
          [6, 2],
          [7, 1],
        ] as [Token, number][]),
      ),
    ).toBe(1);
    expect(
      bestChoice(
        tokens,
        new Map([
          [5, 3],
          [6, 3],
          [7, 1],
        ] as [Token, number][]),
      ),
    ).toBe(0);
    expect(bestChoice(tokens, undefined)).toBe(-1);
  });
});

describe('scoreChoices', () => {
  const labels = ['1', '2', '3', '4'];
  const choiceTokens = () => labels.map((label) => model.tokenize(label, false)[0]!);
  // The meter counts the token whose logits are read as output: both together are what was evaluated.
  const evaluated = (diff: { usedInputTokens: number; usedOutputTokens: number }) =>
    diff.usedInputTokens + diff.usedOutputTokens;
  const prompt = (text: string) =>
    model.tokenize(`Pick a desk.\n1 orders\n2 refunds\n3 hours\n4 other\nUser: ${text}\nDesk:`);

  it('evaluates only what the sequence lacks and leaves it holding exactly the prompt', async () => {
    const sequence = context.getSequence();
    try {
      const first = prompt('where is my parcel');
      const before = sequence.tokenMeter.getState();
      const index = await scoreChoices(sequence, first, choiceTokens());
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(labels.length);
      expect(evaluated(sequence.tokenMeter.diff(before))).toBe(first.length);
      expect(sequence.contextTokens).toEqual(first);

      // The same prompt again: only its last token is evaluated (its logits are the decision), same answer.
      const again = sequence.tokenMeter.getState();
      expect(await scoreChoices(sequence, first, choiceTokens())).toBe(index);
      expect(evaluated(sequence.tokenMeter.diff(again))).toBe(1);

      // Another message: the shared prefix stays, the old message's tokens are dropped, the new ones evaluated.
      const second = prompt('I want a refund');
      const shared = sequence.compareContextTokens(second).firstDifferentIndex;
      const third = sequence.tokenMeter.getState();
      await scoreChoices(sequence, second, choiceTokens());
      expect(evaluated(sequence.tokenMeter.diff(third))).toBe(second.length - shared);
      expect(sequence.contextTokens).toEqual(second);
    } finally {
      sequence.dispose();
    }
  });
});
