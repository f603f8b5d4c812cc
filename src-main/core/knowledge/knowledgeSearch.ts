/** Hybrid retrieval over knowledge chunks: BM25 and vector ranks fused by reciprocal rank, cut to k and a budget. */
import path from 'node:path';
import type { KnowledgeHit, KnowledgeSearchResult } from '../../../src-preload/contract/knowledge';
import { reciprocalRankFusion } from '../lib/rankFusion';
import type { Logger } from '../ports';
import type { ChunkRow, ChunkStore } from './chunkStore';
import type { KnowledgeVectors } from './knowledgeVectors';

export interface SearchOptions {
  query: string;
  baseIds: readonly string[];
  fileIds?: readonly number[] | undefined;
  k: number;
  tokenBudget?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** A cross-encoder that scores passages against the query (higher: more relevant). */
export interface Rerank {
  name: string;
  score(query: string, texts: readonly string[], signal?: AbortSignal): Promise<number[]>;
}

const CANDIDATES = 50;
/** Vector candidates per wanted hit: each costs the index a float-vector read for rescoring (600 → 256 at k = 5). */
const VECTOR_CANDIDATES_PER_HIT = 4;
const MIN_VECTOR_CANDIDATES = 20;
const RRF_K = 60;
/** How many fused candidates the cross-encoder reads: its cost grows with each one, its gain does not. */
const RERANK_CANDIDATES = 20;

export async function searchKnowledge(
  d: { chunks: ChunkStore; vectors: KnowledgeVectors; rerank?: Rerank | null; logger: Logger },
  o: SearchOptions,
): Promise<KnowledgeSearchResult> {
  const keyword = d.chunks.keywordRanks(o.query, o.baseIds, o.fileIds, CANDIDATES);
  let reason = d.vectors.keywordOnlyReason();
  let vector: { id: number; similarity: number }[] = [];
  if (reason === null) {
    try {
      const only = o.fileIds ? d.chunks.idsOfFiles(o.fileIds) : null;
      const wanted = Math.min(CANDIDATES, Math.max(o.k * VECTOR_CANDIDATES_PER_HIT, MIN_VECTOR_CANDIDATES));
      vector = await d.vectors.search(o.query, o.baseIds, only, wanted, o.signal);
    } catch (error) {
      if (o.signal?.aborted) throw error;
      reason = `embedding the query failed: ${error instanceof Error ? error.message : String(error)}`;
      d.logger.warn('knowledge search fell back to keywords', { error: reason });
    }
  }
  let fused: Ranked[] = [...reciprocalRankFusion(keyword, vector, RRF_K).values()].sort((a, b) => b.score - a.score);
  const rows = d.chunks.byIds(fused.slice(0, Math.max(o.k * 4, d.rerank ? RERANK_CANDIDATES : 0)).map((f) => f.id));
  let reranker: string | null = null;
  if (d.rerank && fused.length > 1) {
    const reranked = await rerankTop(d.rerank, fused, rows, o, d.logger);
    if (reranked) [fused, reranker] = [reranked, d.rerank.name];
  }
  const hits: KnowledgeHit[] = [];
  let used = 0;
  for (const f of fused) {
    if (hits.length >= o.k) break;
    const row = rows.get(f.id);
    if (!row) continue;
    const cost = row.tokens + 12; // the citation line around each passage
    if (o.tokenBudget !== undefined && used + cost > o.tokenBudget) continue;
    used += cost;
    hits.push(toHit(row, f));
  }
  return { mode: reason === null ? 'hybrid' : 'keyword', reason, reranker, hits };
}

type Ranked = { id: number; score: number; keywordRank: number | null; vectorSimilarity: number | null } & {
  rerankScore?: number;
};

/** The fused top candidates in the cross-encoder's order (ties keep the fused order); null when it failed. */
async function rerankTop(
  rerank: Rerank,
  fused: readonly Ranked[],
  rows: Map<number, ChunkRow>,
  o: SearchOptions,
  logger: Logger,
): Promise<Ranked[] | null> {
  const top = fused.slice(0, RERANK_CANDIDATES).filter((f) => rows.has(f.id));
  let scores: number[];
  try {
    scores = await rerank.score(
      o.query,
      top.map((f) => rows.get(f.id)!.text),
      o.signal,
    );
  } catch (error) {
    if (o.signal?.aborted) throw error;
    logger.warn('knowledge reranking failed; keeping the fused order', { error: String(error) });
    return null;
  }
  const scored = top.map((f, i) => ({ ...f, rerankScore: scores[i]!, at: i }));
  scored.sort((a, b) => b.rerankScore - a.rerankScore || a.at - b.at);
  return [...scored.map(({ at: _at, ...f }) => f), ...fused.slice(RERANK_CANDIDATES)];
}

export function toHit(
  row: ChunkRow,
  scores: { score: number; keywordRank: number | null; vectorSimilarity: number | null; rerankScore?: number },
): KnowledgeHit {
  return {
    chunkId: row.id,
    baseId: row.baseId,
    fileId: row.fileId,
    path: row.path,
    fileName: path.basename(row.path),
    text: row.text,
    page: row.page,
    headings: row.headings,
    lineStart: row.lineStart,
    lineEnd: row.lineEnd,
    charStart: row.charStart,
    charEnd: row.charEnd,
    score: scores.score,
    keywordRank: scores.keywordRank,
    vectorSimilarity: scores.vectorSimilarity,
    rerankScore: scores.rerankScore ?? null,
  };
}
