import { describe, expect, it } from 'vitest';
import { l2Normalize, meanPool } from './pooling';

describe('meanPool + l2Normalize', () => {
  it('averages only unmasked tokens, per batch row', () => {
    // batch 2, sequence 3, dim 2; row 2 has one padding token whose values must not count.
    const hidden = Float32Array.from([1, 2, 3, 4, 5, 6, 2, 0, 4, 0, 100, 100]);
    const mask = [1, 1, 1, 1, 1, 0];
    const [a, b] = meanPool(hidden, mask, 2, 3, 2);
    expect([...a!]).toEqual([3, 4]);
    expect([...b!]).toEqual([3, 0]);
  });

  it('normalises to unit length and leaves an all-padding row at zero', () => {
    expect([...l2Normalize(Float32Array.from([3, 4]))]).toEqual([0.6000000238418579, 0.800000011920929]);
    const [empty] = meanPool(Float32Array.from([5, 5]), [0n], 1, 1, 2);
    expect([...l2Normalize(empty!)]).toEqual([0, 0]);
  });
});
