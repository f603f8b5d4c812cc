/** The tools a turn offers an agent's model, as the runtime and the chat's warm both compute them. */
import { SEARCH_KNOWLEDGE_TOOL } from '../../knowledge/agentKnowledge';
import type { AgentDefinition } from '../agentSchema';

/** The agent's tools, plus search_knowledge when its knowledge bases are used in tool mode. */
export function toolsOf(agent: AgentDefinition): AgentDefinition['tools'] {
  if (agent.knowledge.mode !== 'tool' || agent.knowledge.baseIds.length === 0) return agent.tools;
  return { ...agent.tools, [SEARCH_KNOWLEDGE_TOOL]: agent.tools[SEARCH_KNOWLEDGE_TOOL] ?? 'allow' };
}
