/**
 * Fuses keyword (BM25) and vector rankings by reciprocal rank, then boosts pinned and recent facts, and
 * keeps the best that fit the token budget. Pure: the service feeds it the two ranked lists.
 */
import { reciprocalRankFusion } from '../lib/rankFusion';
import type { Fact } from './factStore';

export interface RecallWeights {
  /** The usual RRF constant: higher flattens the advantage of the very top ranks. */
  rrfK: number;
  pinBoost: number;
  recencyBoost: number;
  recencyHalfLifeDays: number;
}

export const DEFAULT_WEIGHTS: RecallWeights = { rrfK: 60, pinBoost: 0.5, recencyBoost: 0.25, recencyHalfLifeDays: 30 };

export interface ScoredFact {
  fact: Fact;
  score: number;
  keywordRank: number | null;
  vectorSimilarity: number | null;
}

const DAY_MS = 86_400_000;

export function fuseRankings(input: {
  keyword: readonly { id: number }[];
  vector: readonly { id: number; similarity: number }[];
  facts: ReadonlyMap<number, Fact>;
  now: number;
  weights?: RecallWeights;
}): ScoredFact[] {
  const w = input.weights ?? DEFAULT_WEIGHTS;
  const live = (id: number) => {
    const fact = input.facts.get(id);
    return fact !== undefined && (fact.expiresAt === null || fact.expiresAt > input.now);
  };
  const byId = new Map<number, ScoredFact>();
  for (const fused of reciprocalRankFusion(input.keyword, input.vector, w.rrfK, live).values()) {
    const { id, ...rest } = fused;
    byId.set(id, { fact: input.facts.get(id)!, ...rest });
  }
  for (const scored of byId.values()) {
    const ageDays = Math.max(0, input.now - scored.fact.updatedAt) / DAY_MS;
    const recency = Math.pow(2, -ageDays / w.recencyHalfLifeDays);
    scored.score *= (1 + (scored.fact.pinned ? w.pinBoost : 0)) * (1 + w.recencyBoost * recency);
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || b.fact.updatedAt - a.fact.updatedAt);
}

/** Best first, at most k, skipping a fact that would overflow the budget (a shorter one may still fit). */
export function withinBudget(
  scored: readonly ScoredFact[],
  k: number,
  tokenBudget: number,
  countTokens: (text: string) => number,
): ScoredFact[] {
  const out: ScoredFact[] = [];
  let used = 0;
  for (const item of scored) {
    if (out.length >= k) break;
    const cost = countTokens(item.fact.text) + 8; // the provenance line around each fact
    if (used + cost > tokenBudget) continue;
    used += cost;
    out.push(item);
  }
  return out;
}
