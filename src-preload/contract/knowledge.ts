/** Knowledge bases: sources, indexing progress, per-file status, hybrid search, passages and citations. */
import { z } from 'zod';

const Glob = z.string().trim().min(1).max(200);
const BaseId = z.string().min(1).max(100);

export const KnowledgeSourceInput = z
  .object({
    kind: z.enum(['folder', 'file']),
    path: z.string().min(1).max(4096),
    /** Folder only: glob patterns relative to the folder; empty means every supported file. */
    include: z.array(Glob).max(50).default([]),
    exclude: z.array(Glob).max(50).default([]),
  })
  .strict();
export type KnowledgeSourceInput = z.input<typeof KnowledgeSourceInput>;

export const KnowledgeSource = z.object({
  id: z.number().int(),
  kind: z.enum(['folder', 'file']),
  path: z.string(),
  include: z.array(z.string()),
  exclude: z.array(z.string()),
});
export type KnowledgeSource = z.infer<typeof KnowledgeSource>;

export const KnowledgeFileStatus = z.enum(['pending', 'indexed', 'skipped', 'failed']);
export type KnowledgeFileStatus = z.infer<typeof KnowledgeFileStatus>;

/** Why a file was skipped or failed. Failures: encrypted … unreadable; the rest are skips. */
export const KnowledgeFileReason = z.enum([
  'encrypted',
  'corrupt',
  'too_large',
  'no_text',
  'permission_denied',
  'unreadable',
  'unsupported',
  'outside_grant',
  'file_cap',
  'chunk_cap',
]);
export type KnowledgeFileReason = z.infer<typeof KnowledgeFileReason>;

export const KnowledgeFile = z.object({
  id: z.number().int(),
  baseId: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative(),
  format: z.string().nullable(),
  status: KnowledgeFileStatus,
  reason: KnowledgeFileReason.nullable(),
  detail: z.string().nullable(),
  chunks: z.number().int().nonnegative(),
  pages: z.number().int().nullable(),
  indexedAt: z.number().nullable(),
});
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

export const KnowledgeProgress = z.object({
  baseId: z.string(),
  state: z.enum(['idle', 'scanning', 'indexing', 'paused']),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  currentFile: z.string().nullable(),
  etaMs: z.number().nonnegative().nullable(),
  /** Chunks without a vector from the current embedding model (re-embedded in the background). */
  unembedded: z.number().int().nonnegative(),
});
export type KnowledgeProgress = z.infer<typeof KnowledgeProgress>;

export const KnowledgeCounts = z.object({
  files: z.number().int().nonnegative(),
  indexed: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
});

export const KnowledgeBase = z.object({
  id: z.string(),
  name: z.string(),
  /** Set for a base made from a file dropped into one conversation. */
  conversationId: z.string().nullable(),
  paused: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  sources: z.array(KnowledgeSource),
  counts: KnowledgeCounts,
  progress: KnowledgeProgress,
});
export type KnowledgeBase = z.infer<typeof KnowledgeBase>;

export const KnowledgeCreateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    sources: z.array(KnowledgeSourceInput).min(1).max(50),
    conversationId: z.string().min(1).max(100).optional(),
  })
  .strict();

export const KnowledgeBaseIdInput = z.object({ baseId: BaseId }).strict();

export const KnowledgeFilesInput = z
  .object({
    baseId: BaseId,
    status: KnowledgeFileStatus.optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const KnowledgeFilesPage = z.object({ files: z.array(KnowledgeFile), total: z.number().int().nonnegative() });

export const KnowledgeLocation = z.object({
  page: z.number().int().nullable(),
  headings: z.array(z.string()),
  lineStart: z.number().int().nullable(),
  lineEnd: z.number().int().nullable(),
  charStart: z.number().int(),
  charEnd: z.number().int(),
});

export const KnowledgeHit = KnowledgeLocation.extend({
  chunkId: z.number().int(),
  baseId: z.string(),
  fileId: z.number().int(),
  path: z.string(),
  fileName: z.string(),
  text: z.string(),
  score: z.number(),
  keywordRank: z.number().int().nullable(),
  vectorSimilarity: z.number().nullable(),
  /** The cross-encoder's relevance score when a reranker ordered the results. */
  rerankScore: z.number().nullable().optional(),
});
export type KnowledgeHit = z.infer<typeof KnowledgeHit>;

export const KnowledgeSearchInput = z
  .object({
    query: z.string().trim().min(1).max(2000),
    baseIds: z.array(BaseId).min(1).max(50),
    fileIds: z.array(z.number().int()).max(500).optional(),
    k: z.number().int().min(1).max(50).default(5),
    tokenBudget: z.number().int().min(50).max(20_000).optional(),
  })
  .strict();
export type KnowledgeSearchInput = z.input<typeof KnowledgeSearchInput>;

export const KnowledgeSearchResult = z.object({
  mode: z.enum(['hybrid', 'keyword']),
  reason: z.string().nullable(),
  /** The reranker that ordered the hits (null: fused order; Settings → Models & memory turns it on). */
  reranker: z.string().nullable().optional(),
  hits: z.array(KnowledgeHit),
});
export type KnowledgeSearchResult = z.infer<typeof KnowledgeSearchResult>;

export const KnowledgePassage = z.object({
  hit: KnowledgeHit,
  /** The neighbouring chunks' text, for context around the highlighted one. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  file: KnowledgeFile,
});
export type KnowledgePassage = z.infer<typeof KnowledgePassage>;

export const Citation = z.object({
  n: z.number().int().positive(),
  /** null once the file was re-indexed or removed; the excerpt stays. */
  chunkId: z.number().int().nullable(),
  baseId: z.string(),
  path: z.string(),
  fileName: z.string(),
  page: z.number().int().nullable(),
  heading: z.string(),
  excerpt: z.string(),
});
export type Citation = z.infer<typeof Citation>;

export const KnowledgeOpenResult = z.object({
  /** Electron opened the file with the system's app. */
  opened: z.boolean(),
  /** Headless: a one-time, token-checked download path on the host. */
  downloadUrl: z.string().nullable(),
});

export const KnowledgeChanged = z.object({ baseId: z.string(), base: KnowledgeBase.nullable() });
