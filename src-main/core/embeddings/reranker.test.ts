/** Cross-encoder reranking in the embeddings worker, on a generated tiny cross-encoder whose scores are known. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossEncoderScore, makeTestCrossEncoder } from '../../../scripts/lib/onnx/makeTestCrossEncoder';
import { OutpostError } from '../../../src-preload/contract/envelope';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import type { EmbeddingsClient } from './embeddingsClient';
import type { RerankerSpec } from './protocol';
import { createTestEmbeddings, makeTestEmbeddingModel, onnxSpec } from './testing/embeddingsHarness';

const WEIGHTS = { gold: 5, silver: 3, bronze: 1, rust: -2 };

describe('reranking with a cross-encoder in the embeddings worker', () => {
  const dir = makeTempDir('outpost-rerank-');
  const encoder = makeTestCrossEncoder({ dir: path.join(dir, 'reranker'), weights: WEIGHTS, words: ['medal', 'the'] });
  const spec: RerankerSpec = {
    key: 'onnx-reranker:test',
    name: 'test-reranker',
    modelPath: encoder.modelPath,
    tokenizerPath: encoder.tokenizerPath,
    maxLength: 128,
  };
  const embedder = onnxSpec(makeTestEmbeddingModel(path.join(dir, 'embedder')));
  let client: EmbeddingsClient;

  beforeAll(() => {
    client = createTestEmbeddings(createMemoryLogger());
  });
  afterAll(async () => {
    await client.dispose();
  });

  it('scores each passage against the query, in order, across batches', async () => {
    const passages = Array.from(
      { length: 40 },
      (_, i) => ['the gold medal', 'silver and bronze', 'rust', 'the medal', 'gold gold silver'][i % 5]!,
    );
    const scores = await client.rerank(spec, 'which medal is gold', passages);
    expect(scores).toHaveLength(40);
    // Query words never count (token type 0): only the passage's weighted words do.
    scores.forEach((score, i) => expect(score).toBeCloseTo(crossEncoderScore(WEIGHTS, passages[i]!), 4));
  });

  it('keeps the embedding model loaded beside it', async () => {
    const [before] = await client.embed(embedder, ['dog']);
    await client.rerank(spec, 'q', ['gold']);
    const [after] = await client.embed(embedder, ['dog']);
    expect(Array.from(after!)).toEqual(Array.from(before!));
    expect(client.status().loaded?.key).toBe(embedder.key);
  });

  it('refuses a model without a cross-encoder output with a typed error', async () => {
    const notReranker = {
      ...spec,
      key: 'onnx-reranker:wrong',
      modelPath: embedder.kind === 'onnx' ? embedder.modelPath : '',
    };
    const failure = await client.rerank(notReranker, 'q', ['gold']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutpostError);
    expect((failure as OutpostError).code).toBe('invalid_model');
    // The worker survives it and the good reranker still answers.
    expect(await client.rerank(spec, 'q', ['silver'])).toEqual([3]);
  });
});
