/** Sentence-transformers pooling: average the token vectors the attention mask keeps, then L2-normalise. */

/**
 * @param hidden last_hidden_state, row-major [batch, sequence, dim]
 * @param mask attention mask, [batch, sequence] (1 = real token)
 */
export function meanPool(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  sequence: number,
  dim: number,
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float32Array(dim);
    let count = 0;
    for (let s = 0; s < sequence; s++) {
      if (Number(mask[b * sequence + s]) === 0) continue;
      count++;
      const offset = (b * sequence + s) * dim;
      for (let d = 0; d < dim; d++) sum[d]! += hidden[offset + d]!;
    }
    // A clamp like sentence-transformers' (min 1e-9) keeps an all-padding row at zero instead of NaN.
    const scale = 1 / Math.max(count, 1e-9);
    for (let d = 0; d < dim; d++) sum[d]! *= scale;
    out.push(sum);
  }
  return out;
}

/** In place; a zero vector stays zero (it then matches nothing). */
export function l2Normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  if (norm < 1e-12) return vector;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
