/** Reciprocal-rank fusion of a keyword (BM25) list and a vector list: shared by memory recall and knowledge. */

export interface Fused {
  id: number;
  score: number;
  /** 1-based rank in the keyword list, or null. */
  keywordRank: number | null;
  vectorSimilarity: number | null;
}

/** `rrfK` is the usual RRF constant: higher flattens the advantage of the very top ranks. */
export function reciprocalRankFusion(
  keyword: readonly { id: number }[],
  vector: readonly { id: number; similarity: number }[],
  rrfK: number,
  accept: (id: number) => boolean = () => true,
): Map<number, Fused> {
  const byId = new Map<number, Fused>();
  const entry = (id: number): Fused | null => {
    if (!accept(id)) return null;
    let fused = byId.get(id);
    if (!fused) {
      fused = { id, score: 0, keywordRank: null, vectorSimilarity: null };
      byId.set(id, fused);
    }
    return fused;
  };
  keyword.forEach((hit, index) => {
    const fused = entry(hit.id);
    if (!fused) return;
    fused.keywordRank = index + 1;
    fused.score += 1 / (rrfK + index + 1);
  });
  vector.forEach((hit, index) => {
    const fused = entry(hit.id);
    if (!fused) return;
    fused.vectorSimilarity = hit.similarity;
    fused.score += 1 / (rrfK + index + 1);
  });
  return byId;
}
