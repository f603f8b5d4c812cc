import { z } from 'zod';
import type { Fact, FactStore } from '../../memory/factStore';
import { MAX_FACT_CHARS } from '../../memory/factStore';
import { toModelJsonSchema } from '../jsonSchema';
import { defineTool } from '../toolTypes';

const RememberInput = z.object({
  fact: z
    .string()
    .trim()
    .min(1)
    .max(MAX_FACT_CHARS)
    .describe('One self-contained fact worth keeping, e.g. "The user\'s dog is called Rex."'),
});

const RecallInput = z.object({
  query: z.string().min(1).max(500).describe('What to look for in remembered facts.'),
  limit: z.number().int().min(1).max(20).optional().describe('Most facts to return (default 5).'),
});

interface FactView {
  id: number;
  fact: string;
  saved: string;
  /** Provenance: the conversation the fact came from, when known. */
  conversationId?: string;
  pinned?: true;
}

function view(fact: Fact): FactView {
  return {
    id: fact.id,
    fact: fact.text,
    saved: new Date(fact.createdAt).toISOString(),
    ...(fact.conversationId ? { conversationId: fact.conversationId } : {}),
    ...(fact.pinned ? { pinned: true as const } : {}),
  };
}

export function createRememberTool(facts: FactStore) {
  return defineTool<z.infer<typeof RememberInput>, { remembered: FactView; merged: boolean }>({
    name: 'remember',
    title: 'Remember a fact',
    description: 'Store a fact in long-term memory so it can be recalled in later conversations.',
    inputSchema: RememberInput,
    jsonSchema: toModelJsonSchema(RememberInput),
    defaultPermission: 'allow',
    sideEffects: 'writes-data',
    timeoutMs: 5_000,
    async run(input, ctx) {
      const source = ctx.conversationId
        ? `agent:${ctx.agentId}/conversation:${ctx.conversationId}`
        : `agent:${ctx.agentId}`;
      const { fact, merged } = facts.addOrMerge(ctx.agentId, input.fact, source, {
        conversationId: ctx.conversationId,
      });
      return { remembered: view(fact), merged };
    },
  });
}

export function createRecallTool(facts: FactStore) {
  return defineTool<z.infer<typeof RecallInput>, { facts: FactView[] }>({
    name: 'recall',
    title: 'Recall facts',
    description: 'Search long-term memory for facts about a topic (matches keywords and meaning).',
    inputSchema: RecallInput,
    jsonSchema: toModelJsonSchema(RecallInput),
    defaultPermission: 'allow',
    sideEffects: 'none',
    timeoutMs: 5_000,
    async run(input, ctx) {
      return { facts: (await facts.recall(ctx.agentId, input.query, input.limit ?? 5)).map(view) };
    },
  });
}
