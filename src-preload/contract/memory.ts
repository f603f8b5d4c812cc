import { z } from 'zod';

export const MemoryFact = z.object({
  id: z.number().int(),
  agentId: z.string().nullable(),
  text: z.string(),
  source: z.string(),
  conversationId: z.string().nullable(),
  messageId: z.string().nullable(),
  pinned: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  usedAt: z.number().nullable(),
  expiresAt: z.number().nullable(),
  /** Does it have a vector from the current embedding model? */
  embedded: z.boolean(),
});
export type MemoryFact = z.infer<typeof MemoryFact>;

const FactText = z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters');
const AgentScope = z.string().min(1).max(200).nullable();

export const MemoryListInput = z
  .object({
    /** null: global facts; an id: that agent's facts (global ones too unless includeGlobal is false). */
    agentId: AgentScope,
    includeGlobal: z.boolean().default(true),
    query: z.string().max(500).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const MemoryPage = z.object({ facts: z.array(MemoryFact), total: z.number().int().nonnegative() });

export const MemoryAddInput = z
  .object({ agentId: AgentScope, text: FactText, pinned: z.boolean().default(false) })
  .strict();

export const MemoryUpdateInput = z
  .object({
    id: z.number().int().positive(),
    text: FactText.optional(),
    pinned: z.boolean().optional(),
    expiresAt: z.number().int().positive().nullable().optional(),
  })
  .strict();

export const MemoryRecallInput = z
  .object({
    agentId: z.string().min(1).max(200),
    query: z.string().trim().min(1).max(500),
    k: z.number().int().min(1).max(50).default(5),
    tokenBudget: z.number().int().min(16).max(8192).default(600),
  })
  .strict();

export const RecallHit = z.object({
  fact: MemoryFact,
  score: z.number(),
  /** 1-based rank in the keyword (BM25) list, null when keyword search did not find it. */
  keywordRank: z.number().int().nullable(),
  vectorSimilarity: z.number().nullable(),
});

export const RecallResult = z.object({
  mode: z.enum(['hybrid', 'keyword']),
  /** Why recall was keyword-only, when it was. */
  reason: z.string().nullable(),
  hits: z.array(RecallHit),
});
export type RecallResult = z.infer<typeof RecallResult>;

export const ExecutionProviderChoice = z.enum(['auto', 'cpu', 'dml', 'coreml', 'cuda']);

export const EmbeddingModelView = z.object({
  id: z.string(),
  name: z.string(),
  runtime: z.enum(['onnx', 'llama.cpp']),
});

export const MemoryStatus = z.object({
  /** The embedding model in use; null when none is installed or the user turned it off. */
  model: EmbeddingModelView.nullable(),
  models: z.array(EmbeddingModelView),
  mode: z.enum(['hybrid', 'keyword']),
  reason: z.string().nullable(),
  dimensions: z.number().int().nullable(),
  provider: z.object({
    preference: ExecutionProviderChoice,
    active: z.string().nullable(),
    available: z.array(z.string()),
    fallbackReason: z.string().nullable(),
  }),
  worker: z.object({
    state: z.string(),
    pid: z.number().int().nullable(),
    restarts: z.number().int(),
    lastError: z.string().nullable(),
  }),
  facts: z.number().int().nonnegative(),
  embedded: z.number().int().nonnegative(),
  reembed: z.object({ running: z.boolean(), done: z.number().int(), total: z.number().int() }),
  /** Vector rows found damaged (skipped in recall, re-embedded). */
  corruptVectors: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type MemoryStatus = z.infer<typeof MemoryStatus>;

export const MemoryExport = z.object({
  format: z.literal('outpost-memory'),
  version: z.literal(1),
  exportedAt: z.number(),
  facts: z
    .array(
      z.object({
        text: FactText,
        pinned: z.boolean().default(false),
        source: z.string().max(500).default('import'),
        createdAt: z.number().optional(),
        expiresAt: z.number().nullable().optional(),
      }),
    )
    .max(10_000),
});
export type MemoryExport = z.infer<typeof MemoryExport>;

export const MemoryImportInput = z.object({ agentId: AgentScope, data: MemoryExport }).strict();
export const MemoryChanged = z.object({ agentId: z.string().nullable() });
