/** The search_knowledge tool: the agent's own knowledge bases, searched with the model's query. */
import { z } from 'zod';
import type { AgentDefinition } from '../agents/agentSchema';
import { defineTool, eraseTool, ToolError } from '../tools/toolTypes';
import { type AgentKnowledge, SEARCH_KNOWLEDGE_TOOL } from './agentKnowledge';

const Input = z.object({
  query: z.string().trim().min(1).max(500),
  file: z.string().trim().min(1).max(300).optional(),
});

export function createSearchKnowledgeTool(
  bridge: AgentKnowledge,
  agentOf: (agentId: string) => AgentDefinition | null,
) {
  return eraseTool(
    defineTool({
      name: SEARCH_KNOWLEDGE_TOOL,
      title: 'Search knowledge',
      description:
        "Searches the user's documents in this agent's knowledge bases; returns numbered passages to cite as [n].",
      inputSchema: Input,
      jsonSchema: {
        type: 'object',
        properties: {
          // Bounded so a grammar-forced call always ends (small models ramble inside strings).
          query: { type: 'string', description: 'What to look for', minLength: 1, maxLength: 80 },
          file: { type: 'string', description: 'Only this file name (optional)', minLength: 1, maxLength: 80 },
        },
        required: ['query'],
      },
      defaultPermission: 'allow',
      sideEffects: 'none',
      timeoutMs: 60_000,
      async run(input, ctx) {
        const agent = agentOf(ctx.agentId);
        if (!agent) throw new ToolError('not_found', `No agent ${ctx.agentId}`);
        return bridge.searchForTool(agent, ctx.conversationId, input.query, input.file, ctx.signal);
      },
    }),
  );
}
