/**
 * In-memory nearest-neighbour search over unit vectors. Each vector is kept as a sign-bit code (dims/8 bytes),
 * scanned by Hamming distance to pick candidates, which are then rescored exactly with their float vectors.
 * Small sets are rescored whole, so results are exact there; 100k × 384 dims stays a few MB in memory.
 */
import { dot } from './vectorCodec';

export interface IndexedVector {
  id: number;
  /** Scope: the owning agent, or null for a global fact. */
  agentId: string | null;
  vector: Float32Array;
}

export interface VectorHit {
  id: number;
  similarity: number;
}

/** Fetches float vectors for rescoring (from SQLite, so they need not stay in memory). */
export type VectorFetch = (ids: readonly number[]) => Map<number, Float32Array>;

const EXACT_BELOW = 2_000;
const MIN_CANDIDATES = 256;
// Candidates rescored per wanted hit: enough for vectorIndex.test.ts's overlap with an exact scan on random
// vectors (the hard case); each candidate costs a SQLite read, so more is slower (bench/memory.ts).
const RESCORE_FACTOR = 12;

export class VectorIndex {
  private readonly words: number;
  private codes: Uint32Array;
  private ids: Int32Array;
  private scopes: Int32Array;
  private size = 0;
  private scratchSlots = new Int32Array(0);
  private scratchDistances = new Uint16Array(0);
  private readonly slotOf = new Map<number, number>();
  private readonly scopeIds = new Map<string | null, number>();

  constructor(
    readonly dims: number,
    capacity = 1024,
  ) {
    this.words = Math.ceil(dims / 32);
    this.codes = new Uint32Array(capacity * this.words);
    this.ids = new Int32Array(capacity);
    this.scopes = new Int32Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  has(id: number): boolean {
    return this.slotOf.has(id);
  }

  upsert(entry: IndexedVector): void {
    let slot = this.slotOf.get(entry.id);
    if (slot === undefined) {
      if (this.size === this.ids.length) this.grow();
      slot = this.size++;
      this.slotOf.set(entry.id, slot);
    }
    this.ids[slot] = entry.id;
    this.scopes[slot] = this.scopeId(entry.agentId);
    this.codes.set(signCode(entry.vector, this.words), slot * this.words);
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const last = --this.size;
    this.slotOf.delete(id);
    if (slot !== last) {
      // Move the last entry into the hole so the arrays stay dense.
      const movedId = this.ids[last]!;
      this.ids[slot] = movedId;
      this.scopes[slot] = this.scopes[last]!;
      this.codes.copyWithin(slot * this.words, last * this.words, (last + 1) * this.words);
      this.slotOf.set(movedId, slot);
    }
  }

  /** Top `k` by cosine among facts of `agentId` and global ones, with similarity ≥ minSimilarity. */
  search(query: Float32Array, agentId: string, k: number, fetch: VectorFetch, minSimilarity = 0): VectorHit[] {
    const { slots, distances, count, histogram } = this.scan(query, agentId);
    const wanted = Math.max(MIN_CANDIDATES, k * RESCORE_FACTOR);
    const chosen =
      count <= Math.max(EXACT_BELOW, wanted)
        ? slots.subarray(0, count)
        : closest(slots, distances, count, histogram, wanted);
    const ids = Array.from(chosen, (slot) => this.ids[slot]!);
    const vectors = fetch(ids);
    const hits: VectorHit[] = [];
    for (const id of ids) {
      const vector = vectors.get(id);
      if (!vector) continue;
      const similarity = dot(query, vector);
      if (similarity >= minSimilarity) hits.push({ id, similarity });
    }
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  /** Hamming distance of every in-scope code to the query's, in typed arrays, with their histogram. */
  private scan(query: Float32Array, agentId: string) {
    const own = this.scopeIds.get(agentId) ?? -2;
    const global = this.scopeIds.get(null) ?? -2;
    const { codes, scopes, words, size } = this;
    const code = signCode(query, words);
    // Scratch arrays reused across searches: a fresh 600 KB per query at 100k facts showed up as GC in p95.
    if (this.scratchSlots.length < size) {
      this.scratchSlots = new Int32Array(this.ids.length);
      this.scratchDistances = new Uint16Array(this.ids.length);
    }
    const slots = this.scratchSlots;
    const distances = this.scratchDistances;
    const histogram = new Uint32Array(this.dims + 1);
    let count = 0;
    for (let slot = 0; slot < size; slot++) {
      const scope = scopes[slot]!;
      if (scope !== own && scope !== global) continue;
      let distance = 0;
      for (let w = 0, base = slot * words; w < words; w++) distance += popcount(codes[base + w]! ^ code[w]!);
      slots[count] = slot;
      distances[count++] = distance;
      histogram[distance]!++;
    }
    return { slots, distances, count, histogram };
  }

  private scopeId(agentId: string | null): number {
    let id = this.scopeIds.get(agentId);
    if (id === undefined) {
      id = this.scopeIds.size;
      this.scopeIds.set(agentId, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = this.ids.length * 2;
    const codes = new Uint32Array(capacity * this.words);
    codes.set(this.codes);
    this.codes = codes;
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    this.ids = ids;
    const scopes = new Int32Array(capacity);
    scopes.set(this.scopes);
    this.scopes = scopes;
  }
}

function signCode(vector: Float32Array, words: number): Uint32Array {
  const code = new Uint32Array(words);
  for (let i = 0; i < vector.length; i++) if (vector[i]! > 0) code[i >>> 5]! |= 1 << (i & 31);
  return code;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Exactly `wanted` slots with the smallest distances: a counting pass instead of a sort (distances ≤ dims). */
function closest(
  slots: Int32Array,
  distances: Uint16Array,
  count: number,
  histogram: Uint32Array,
  wanted: number,
): Int32Array {
  let cutoff = 0;
  let below = 0;
  for (; cutoff < histogram.length; cutoff++) {
    if (below + histogram[cutoff]! >= wanted) break;
    below += histogram[cutoff]!;
  }
  // Everything strictly closer than the cutoff, then ties at the cutoff until `wanted` are taken.
  let ties = wanted - below;
  const out = new Int32Array(wanted);
  let taken = 0;
  for (let i = 0; i < count && taken < wanted; i++) {
    const d = distances[i]!;
    if (d < cutoff) out[taken++] = slots[i]!;
    else if (d === cutoff && ties > 0) {
      out[taken++] = slots[i]!;
      ties--;
    }
  }
  return out.subarray(0, taken);
}
