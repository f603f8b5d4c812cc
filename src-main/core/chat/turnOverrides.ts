/** An API client's sampling, stop and system text for one agent turn, applied within the agent's own limits. */
import type { AgentDefinition } from '../agents/agentSchema';

export interface TurnOverrides {
  /** Caps the reply; never above the agent's own maxTokens. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  /** The client's system messages: added after the agent's own system prompt, which stays in charge. */
  system?: string;
}

export function withOverrides(agent: AgentDefinition, o: TurnOverrides | undefined): AgentDefinition {
  if (!o) return agent;
  const own = agent.sampling.maxTokens;
  const maxTokens = o.maxTokens === undefined ? own : Math.min(o.maxTokens, own ?? o.maxTokens);
  return {
    ...agent,
    systemPrompt: o.system ? `${agent.systemPrompt}\n\n${o.system}` : agent.systemPrompt,
    sampling: {
      ...agent.sampling,
      ...(o.temperature === undefined ? {} : { temperature: o.temperature }),
      ...(o.topP === undefined ? {} : { topP: o.topP }),
      ...(o.seed === undefined ? {} : { seed: o.seed }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
    },
  };
}
