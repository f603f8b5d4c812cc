import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../scripts/test-model/seeded-random';
import { decodeVector, dot, encodeVector } from './vectorCodec';
import { VectorIndex } from './vectorIndex';

function unit(random: SeededRandom, dims: number): Float32Array {
  const v = new Float32Array(dims);
  random.fillUniform(v, 1);
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
}

describe('VectorIndex', () => {
  const random = new SeededRandom(5);
  const dims = 96;
  const vectors = new Map<number, Float32Array>();
  const index = new VectorIndex(dims, 16); // small capacity: growth is exercised too
  for (let id = 1; id <= 6000; id++) {
    const vector = unit(random, dims);
    vectors.set(id, vector);
    index.upsert({ id, agentId: id % 3 === 0 ? null : id % 3 === 1 ? 'a' : 'b', vector });
  }
  const fetch = (ids: readonly number[]) => new Map(ids.map((id) => [id, vectors.get(id)!]));

  it('finds the same neighbours as an exact scan, within the agent scope', () => {
    let overlap = 0;
    for (let q = 0; q < 20; q++) {
      const target = vectors.get(1 + q * 3)!; // agent a's vectors
      const query = unit(random, dims).map((x, i) => target[i]! + 0.6 * x);
      const norm = Math.sqrt(dot(query, query));
      const normalized = query.map((x) => x / norm);
      const hits = index.search(normalized, 'a', 5, fetch);
      const exact = [...vectors]
        .filter(([id]) => id % 3 !== 2)
        .map(([id, v]) => ({ id, similarity: dot(normalized, v) }))
        .sort((x, y) => y.similarity - x.similarity)
        .slice(0, 5);
      expect(hits[0]?.id).toBe(exact[0]?.id);
      expect(hits.every((h) => h.id % 3 !== 2)).toBe(true); // agent b's facts are out of scope
      overlap += hits.filter((h) => exact.some((e) => e.id === h.id)).length;
    }
    // Random vectors are the hardest case for sign codes (real embeddings cluster); the best hit is always exact.
    expect(overlap / 100).toBeGreaterThan(0.8);
  });

  it('keeps most of the exact top 50 when asked for many candidates (what recall fuses)', () => {
    let overlap = 0;
    for (let q = 0; q < 10; q++) {
      const target = vectors.get(1 + q * 3)!;
      const query = unit(random, dims).map((x, i) => target[i]! + 0.6 * x);
      const norm = Math.sqrt(dot(query, query));
      const normalized = query.map((x) => x / norm);
      const hits = index.search(normalized, 'a', 50, fetch);
      const exact = new Set(
        [...vectors]
          .filter(([id]) => id % 3 !== 2)
          .map(([id, v]) => ({ id, similarity: dot(normalized, v) }))
          .sort((x, y) => y.similarity - x.similarity)
          .slice(0, 50)
          .map((e) => e.id),
      );
      overlap += hits.filter((h) => exact.has(h.id)).length;
    }
    // Random 96-dim vectors are the worst case for sign codes: 0.89 measured with 12 candidates per hit.
    expect(overlap / 500).toBeGreaterThan(0.85);
  });

  it('removes entries and keeps the rest searchable', () => {
    const target = vectors.get(4)!;
    expect(index.search(target, 'a', 1, fetch)[0]?.id).toBe(4);
    index.remove(4);
    expect(index.has(4)).toBe(false);
    expect(index.search(target, 'a', 1, fetch)[0]?.id).not.toBe(4);
    expect(index.search(vectors.get(5999)!, 'b', 1, fetch)[0]?.id).toBe(5999);
  });
});

describe('vector BLOBs', () => {
  it('round-trip, and damaged ones are told apart', () => {
    const v = Float32Array.from([0.6, 0.8]);
    expect(decodeVector(encodeVector(v), 2)).toEqual({ ok: true, vector: v });
    expect(decodeVector(Buffer.from([1, 2, 3]), 2)).toMatchObject({ ok: false, reason: '3 bytes for 2 dimensions' });
    expect(decodeVector(Buffer.alloc(8), 2)).toMatchObject({ ok: false, reason: 'norm 0.000' });
    expect(decodeVector(encodeVector(Float32Array.from([Number.NaN, 1])), 2)).toMatchObject({ ok: false });
    expect(decodeVector('text', 2)).toMatchObject({ ok: false, reason: 'not a BLOB' });
  });
});
