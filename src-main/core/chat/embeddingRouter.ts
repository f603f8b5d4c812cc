/**
 * Routing by embeddings (a team setting, for machines where even one router-model token is slow): member
 * purposes are embedded once per embedding model and kept; each message costs one embedding and a cosine pick.
 */

/** The embeddings worker as routing needs it; built in createCore from the memory's embedding model. */
export interface RouterEmbedder {
  /** Identifies the embedding model in use (cached vectors belong to it); null when none is available. */
  modelKey(): string | null;
  embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]>;
}

/** Enough purposes for many teams of 8; the oldest entries go first. */
const MAX_CACHED_PURPOSES = 512;

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export class EmbeddingRouter {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly embedder: RouterEmbedder) {}

  available(): boolean {
    return this.embedder.modelKey() !== null;
  }

  /** Purpose vectors computed so far (for tests and the bench: they are embedded once). */
  get cachedPurposes(): number {
    return this.vectors.size;
  }

  /** The purpose closest to the message; ties go to the earlier member, so the pick is deterministic. */
  async pick(
    purposes: readonly string[],
    message: string,
    signal: AbortSignal,
  ): Promise<{ index: number; score: number }> {
    const key = this.embedder.modelKey();
    if (key === null) throw new Error('No embedding model is available for routing');
    const purposeVectors = await this.purposeVectors(key, purposes, signal);
    const [query] = await this.embedder.embed([message], signal);
    if (!query) throw new Error('The embeddings worker returned no vector for the message');
    let best = { index: 0, score: -Infinity };
    purposeVectors.forEach((vector, index) => {
      const score = cosine(query, vector);
      if (score > best.score) best = { index, score };
    });
    return best;
  }

  private async purposeVectors(key: string, purposes: readonly string[], signal: AbortSignal) {
    const cacheKey = (purpose: string) => `${key}\n${purpose}`;
    const missing = [...new Set(purposes.filter((p) => !this.vectors.has(cacheKey(p))))];
    if (missing.length > 0) {
      const fresh = await this.embedder.embed(missing, signal);
      missing.forEach((purpose, i) => {
        const vector = fresh[i];
        if (vector) this.vectors.set(cacheKey(purpose), vector);
      });
      while (this.vectors.size > MAX_CACHED_PURPOSES) this.vectors.delete(this.vectors.keys().next().value!);
    }
    return purposes.map((purpose) => {
      const vector = this.vectors.get(cacheKey(purpose));
      if (!vector) throw new Error('The embeddings worker returned too few vectors');
      // Refresh recency so a team in use keeps its vectors.
      this.vectors.delete(cacheKey(purpose));
      this.vectors.set(cacheKey(purpose), vector);
      return vector;
    });
  }
}
