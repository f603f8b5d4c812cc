import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { makeBertOnnx } from './makeBertOnnx';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'outpost-bert-gen-'));
const SMALL = { layers: 2, hidden: 32, heads: 4, ffn: 64, vocab: 300, maxPositions: 64 };

function feeds(ids: bigint[][], mask: bigint[][]) {
  const dims = [ids.length, ids[0]!.length];
  return {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.flat()), dims),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask.flat()), dims),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(dims[0]! * dims[1]!), dims),
  };
}

describe('makeBertOnnx', () => {
  it('counts the parameters of the shape and pads the vocabulary to its size', () => {
    const model = makeBertOnnx({ dir: tmp(), shape: SMALL, words: ['zebra'] });
    const { hidden: h, ffn: f, layers: l } = SMALL;
    const perLayer = 4 * (h * h + h) + (h * f + f) + (f * h + h) + 4 * h;
    expect(model.parameters).toBe((SMALL.vocab + SMALL.maxPositions + 2) * h + 2 * h + l * perLayer);
    const vocab = JSON.parse(readFileSync(model.tokenizerPath, 'utf8')).model.vocab as Record<string, number>;
    expect(Object.keys(vocab)).toHaveLength(SMALL.vocab);
    expect(vocab.zebra).toBeDefined();
  });

  it('runs in ONNX Runtime with the sentence-embedding signature; padding does not change the real tokens', async () => {
    const model = makeBertOnnx({ dir: tmp(), shape: SMALL });
    const session = await ort.InferenceSession.create(model.modelPath, { executionProviders: ['cpu'] });
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
    const alone = await session.run(feeds([[2n, 40n, 41n, 3n]], [[1n, 1n, 1n, 1n]]));
    const padded = await session.run(feeds([[2n, 40n, 41n, 3n, 0n, 0n]], [[1n, 1n, 1n, 1n, 0n, 0n]]));
    expect(alone.last_hidden_state!.dims).toEqual([1, 4, 32]);
    expect(padded.last_hidden_state!.dims).toEqual([1, 6, 32]);
    const a = alone.last_hidden_state!.data as Float32Array;
    const b = (padded.last_hidden_state!.data as Float32Array).slice(0, a.length);
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 4));
    await session.release();
  });
});
