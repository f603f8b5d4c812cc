/**
 * Knowledge search with a cross-encoder reranker: a generated tiny cross-encoder in the real embeddings worker
 * whose scores are known in advance, so the order of the hits can be asserted exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossEncoderScore, makeTestCrossEncoder } from '../../../scripts/lib/onnx/makeTestCrossEncoder';
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import type { RerankerSpec } from '../embeddings/protocol';
import { createTestEmbeddings } from '../embeddings/testing/embeddingsHarness';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { findRerankers, pickReranker } from './rerankerModels';
import { createTestKnowledge } from './testing/knowledgeHarness';

const WEIGHTS = { gold: 5, silver: 3, bronze: 1, rust: -2 };
// The shortest passage wins on BM25; the cross-encoder prefers the long one about gold.
const DOCS: Record<string, string> = {
  'a.md': 'metal',
  'b.md': 'metal rust rust',
  'c.md': 'metal bronze and more words here',
  'd.md': 'metal silver plus a few words in this long line',
  'e.md': 'metal gold with many many other words in a longer sentence that goes on and on',
};

describe('knowledge search with a cross-encoder reranker', () => {
  const rerankers = makeTempDir('outpost-rerankers-');
  makeTestCrossEncoder({ dir: path.join(rerankers, 'tiny-reranker'), weights: WEIGHTS });
  let embeddings: EmbeddingsClient;
  let spec: RerankerSpec;

  beforeAll(() => {
    embeddings = createTestEmbeddings(createMemoryLogger());
    [spec] = findRerankers(rerankers) as [RerankerSpec];
  });
  afterAll(async () => {
    await embeddings.dispose();
  });

  it('finds installed rerankers by folder', () => {
    expect(spec).toMatchObject({ name: 'tiny-reranker', maxLength: 128 });
    expect(findRerankers(path.join(rerankers, 'missing'))).toEqual([]);
    // The setting names one by folder; an unknown or empty name means the first installed.
    const other = { ...spec, name: 'other-reranker' };
    expect(pickReranker([spec, other], 'other-reranker')).toBe(other);
    expect(pickReranker([spec, other], '')).toBe(spec);
    expect(pickReranker([spec, other], 'removed')).toBe(spec);
    expect(pickReranker([], 'other-reranker')).toBeNull();
  });

  it("orders the fused candidates by the cross-encoder's scores, and falls back to fusion if it fails", async () => {
    const h = createTestKnowledge({ embeddings });
    for (const [name, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(h.folder, name), text);
    const base = h.knowledge.create('Metals', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    const search = () => h.knowledge.search({ query: 'metal', baseIds: [base.id], k: 5 });

    const fused = await search();
    expect(fused.reranker ?? null).toBeNull();
    expect(fused.hits).toHaveLength(5);

    h.setReranker(spec);
    const reranked = await search();
    expect(reranked.reranker).toBe('tiny-reranker');
    const expected = Object.entries(DOCS)
      .sort(([, a], [, b]) => crossEncoderScore(WEIGHTS, b) - crossEncoderScore(WEIGHTS, a))
      .map(([name]) => name);
    expect(reranked.hits.map((hit) => hit.fileName)).toEqual(expected);
    expect(reranked.hits.map((hit) => hit.fileName)).not.toEqual(fused.hits.map((hit) => hit.fileName));
    for (const hit of reranked.hits) expect(hit.rerankScore).toBeCloseTo(crossEncoderScore(WEIGHTS, hit.text), 4);
    // k cuts after reranking: the best passage by the cross-encoder, not by fusion.
    const [best] = (await h.knowledge.search({ query: 'metal', baseIds: [base.id], k: 1 })).hits;
    expect(best?.fileName).toBe('e.md');

    const broken = path.join(makeTempDir('outpost-broken-reranker-'), 'model.onnx');
    fs.writeFileSync(broken, 'not an onnx model');
    h.setReranker({ ...spec, key: 'reranker:broken', modelPath: broken });
    const fallback = await search();
    expect(fallback.reranker ?? null).toBeNull();
    expect(fallback.hits.map((hit) => hit.chunkId)).toEqual(fused.hits.map((hit) => hit.chunkId));
    expect(h.logger.lines.some((line) => line.message.includes('reranking failed'))).toBe(true);
    await h.knowledge.dispose();
  });
});
