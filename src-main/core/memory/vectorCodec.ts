/** Embedding vectors as little-endian float32 BLOBs, and the checks that tell a usable row from a corrupt one. */

export function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

export type DecodeResult = { ok: true; vector: Float32Array } | { ok: false; reason: string };

/** A stored vector is unit length (we normalise before storing): anything else was damaged on the way. */
export function decodeVector(blob: unknown, dims: number): DecodeResult {
  if (!(blob instanceof Uint8Array)) return { ok: false, reason: 'not a BLOB' };
  if (blob.byteLength !== dims * 4) return { ok: false, reason: `${blob.byteLength} bytes for ${dims} dimensions` };
  // A view when the BLOB is 4-byte aligned (SQLite hands each one its own buffer): no second copy per read.
  const vector =
    blob.byteOffset % 4 === 0 ? new Float32Array(blob.buffer, blob.byteOffset, dims) : copyToFloats(blob, dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const x = vector[i]!;
    if (!Number.isFinite(x)) return { ok: false, reason: 'non-finite value' };
    norm += x * x;
  }
  if (Math.abs(Math.sqrt(norm) - 1) > 0.01) return { ok: false, reason: `norm ${Math.sqrt(norm).toFixed(3)}` };
  return { ok: true, vector };
}

function copyToFloats(blob: Uint8Array, dims: number): Float32Array {
  const vector = new Float32Array(dims);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
