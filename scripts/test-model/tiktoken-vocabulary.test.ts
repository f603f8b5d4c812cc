/**
 * Differential test: a generated model with the cl100k vocabulary tokenizes in llama.cpp exactly as js-tiktoken does.
 */
import { getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from './make-test-model';
import { SPECIAL_TOKENS } from './tokenizer';

const SAMPLES: readonly string[] = [
  'Where is my parcel? It was due yesterday. (ref 1000)',
  "The quick brown fox jumps over the lazy dog. It's what they'd've said; I'LL see, you're RIGHT.",
  'function add(a: number, b: number): number {\n\treturn a + b; // sum\n}\n\n\nconst x = [1, 2, 3].map((n) => n ** 2);',
  'Numbers: 1234567890 3.14159 -42 1e10 0x1F 2026-12-06T04:10:00Z $1,299.99 100%',
  'Unicode: café naïve Größe — “quotes” ✓ 日本語のテキスト 한국어 Привет мир 🙂🚀 👩‍👩‍👧 ﷺ',
  'Whitespace   runs\t\t tabs \n\n  \r\n  trailing    \n    indented\n        deeper  ',
  '{"tool": "calculator", "args": {"x": 12, "y": 30}}\n<html><body class="a b">Hi&nbsp;there</body></html>',
  'snake_case camelCase PascalCase kebab-case SCREAMING_CASE __dunder__ ...... !!!??? ---',
];

let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  // Cached in the test-model directory: generated once (~3 s for the vocabulary), then only loaded.
  const modelPath = await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 1, vocabulary: 'cl100k' });
  llama = await getLlama({ gpu: false });
  model = await llama.loadModel({ modelPath });
}, 120_000);

afterAll(async () => {
  await model?.dispose();
  await llama?.dispose();
});

describe('cl100k vocabulary in llama.cpp', () => {
  const tiktoken = new Tiktoken(cl100kBase);

  it.each(SAMPLES.map((text) => [text.slice(0, 24), text]))('gives js-tiktoken’s ids for "%s…"', (_label, text) => {
    expect(Array.from(model.tokenize(text))).toEqual(tiktoken.encode(text));
  });

  it('round-trips text through detokenize and reads the ChatML tokens as single control tokens', () => {
    // Like Llama 3, "llama-bpe" cleans a space before punctuation on detokenize (" ...." → "...."): the last sample has one.
    const text = SAMPLES.slice(0, -1).join('\n');
    expect(model.detokenize(model.tokenize(text))).toBe(text);
    expect(model.detokenize(model.tokenize('a ... b'))).toBe('a... b');
    expect(model.tokenize('<|im_end|>', true)).toEqual([model.tokens.eos]);
    expect(model.tokens.eos).toBe(100_256 + SPECIAL_TOKENS.indexOf('<|im_end|>'));
  });

  it('spends ~4× fewer tokens on English than the tiny byte-level vocabulary', () => {
    const text = SAMPLES[0]!;
    expect(model.tokenize(text).length).toBeLessThanOrEqual(Math.ceil(text.length / 3));
  });
});
