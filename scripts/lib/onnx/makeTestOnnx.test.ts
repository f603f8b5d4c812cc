import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { makeTestOnnx } from './makeTestOnnx';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'outpost-onnx-gen-'));

describe('makeTestOnnx', () => {
  it('is deterministic per seed', () => {
    const a = makeTestOnnx({ dir: tmp(), seed: 4 });
    const b = makeTestOnnx({ dir: tmp(), seed: 4 });
    const c = makeTestOnnx({ dir: tmp(), seed: 5 });
    expect(readFileSync(a.modelPath).equals(readFileSync(b.modelPath))).toBe(true);
    expect(readFileSync(a.modelPath).equals(readFileSync(c.modelPath))).toBe(false);
  });

  it('writes a WordPiece tokenizer.json that a JS tokenizer library reads', () => {
    const model = makeTestOnnx({ dir: tmp(), words: ['zebra'] });
    const tokenizer = new Tokenizer(JSON.parse(readFileSync(model.tokenizerPath, 'utf8')), {});
    const encoded = tokenizer.encode('Zebras run!');
    expect(encoded.tokens).toEqual(['[CLS]', 'zebra', '##s', 'r', '##u', '##n', '!', '[SEP]']);
  });

  it('has the sentence-embedding signature in ONNX Runtime', async () => {
    const model = makeTestOnnx({ dir: tmp(), dim: 24 });
    const session = await ort.InferenceSession.create(model.modelPath, { executionProviders: ['cpu'] });
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
    const ids = new ort.Tensor('int64', BigInt64Array.from([2n, 10n, 3n]), [1, 3]);
    const mask = new ort.Tensor('int64', BigInt64Array.from([1n, 1n, 0n]), [1, 3]);
    const types = new ort.Tensor('int64', new BigInt64Array(3), [1, 3]);
    const out = await session.run({ input_ids: ids, attention_mask: mask, token_type_ids: types });
    expect(out.last_hidden_state!.dims).toEqual([1, 3, 24]);
    // A masked position comes out as zeros, like padding in a real BERT export after pooling weights.
    expect([...(out.last_hidden_state!.data as Float32Array).slice(48)].every((x) => x === 0)).toBe(true);
    await session.release();
  });
});
