/** Knowledge bases (core/knowledge): agents answer from them (passages in the prompt, or search_knowledge) with citations. */
import { createKnowledge } from '../knowledge/createKnowledge';
import { createSearchKnowledgeTool } from '../knowledge/searchKnowledgeTool';
import type { AgentsPart } from './agents';
import type { ChatPart } from './chat';
import type { CoreBase } from './coreBase';
import type { MemoryPart } from './memory';

export type KnowledgePart = ReturnType<typeof createKnowledge>;

export function composeKnowledge(
  base: CoreBase,
  parts: { agents: AgentsPart; memory: MemoryPart; chat: ChatPart },
): KnowledgePart {
  const { agents, conversations, toolStores, toolRegistry } = parts.agents;
  const knowledge = createKnowledge({
    ports: base.ports,
    db: base.db,
    embeddings: parts.memory.embeddings,
    memory: parts.memory.memory,
    grants: toolStores.grants,
    events: base.events,
    logger: base.logger,
    clock: base.clock,
    checkConversation: (id) => void conversations.get(id),
    rerankEnabled: () => base.settings.get().knowledgeRerank,
    rerankerName: () => base.settings.get().knowledgeReranker,
  });
  parts.chat.runtime.knowledge = knowledge.agents;
  toolRegistry.register(createSearchKnowledgeTool(knowledge.agents, (id) => agents.find(id)?.definition ?? null));
  base.timings.mark('knowledge');
  return knowledge;
}
