/**
 * Small deterministic PRNG (mulberry32) so the same seed always yields byte-identical model files.
 * Not cryptographic; only meant for filling test weights quickly.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Seeds a generator from a base seed plus a label (e.g. a tensor name), so tensors are independent streams. */
  static forLabel(seed: number, label: string): SeededRandom {
    return new SeededRandom(fnv1a32(`${seed >>> 0}/${label}`));
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Fills `out` with uniform values in [-amplitude, amplitude); the loop is inlined because it runs over ~1e9 elements. */
  fillUniform(out: Float32Array, amplitude: number): void {
    let state = this.state;
    const scale = (2 * amplitude) / 4294967296;
    for (let i = 0; i < out.length; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) * scale - amplitude;
    }
    this.state = state;
  }
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
