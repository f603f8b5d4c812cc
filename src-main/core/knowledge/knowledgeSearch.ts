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

const CANDIDATES = 50;
const RRF_K = 60;

export async function searchKnowledge(
  d: { chunks: ChunkStore; vectors: KnowledgeVectors; logger: Logger },
  o: SearchOptions,
): Promise<KnowledgeSearchResult> {
  const keyword = d.chunks.keywordRanks(o.query, o.baseIds, o.fileIds, CANDIDATES);
  let reason = d.vectors.keywordOnlyReason();
  let vector: { id: number; similarity: number }[] = [];
  if (reason === null) {
    try {
      const only = o.fileIds ? d.chunks.idsOfFiles(o.fileIds) : null;
      vector = await d.vectors.search(o.query, o.baseIds, only, CANDIDATES, o.signal);
    } catch (error) {
      if (o.signal?.aborted) throw error;
      reason = `embedding the query failed: ${error instanceof Error ? error.message : String(error)}`;
      d.logger.warn('knowledge search fell back to keywords', { error: reason });
    }
  }
  const fused = [...reciprocalRankFusion(keyword, vector, RRF_K).values()].sort((a, b) => b.score - a.score);
  const rows = d.chunks.byIds(fused.slice(0, o.k * 4).map((f) => f.id));
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
  return { mode: reason === null ? 'hybrid' : 'keyword', reason, hits };
}

export function toHit(
  row: ChunkRow,
  scores: { score: number; keywordRank: number | null; vectorSimilarity: number | null },
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
  };
}
