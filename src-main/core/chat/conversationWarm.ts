/**
 * What to warm when a conversation is opened (chat.warm): the prompt its next turn starts with, built the way the
 * turn builds it — the agent's system prompt, its tools and the history so far for a single agent; the router's
 * instructions and member list for a team. Recalled memory depends on the next message, so it is not part of it
 * (the warm then covers the system prompt up to where the memory block would go).
 */
import type { WarmRequest } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import { toolsOf } from '../agents/runtime/agentTools';
import { approximateTokens, buildPrompt } from '../agents/runtime/promptBuilder';
import type { Message } from '../conversations/conversationTypes';
import { describeRef } from '../nodes/nodeRefs';
import { routerMessages, routerSettings } from './teamRouter';
import type { RuntimeBase } from './turnRunner';
import type { TurnTarget } from './turnTarget';

/** The placeholder the worker replaces with two different user messages to find the shared prefix. */
const NEXT_MESSAGE = '…';

export type WarmPlan = { request: Omit<WarmRequest, 'requestId'> } | { skip: string };

export function planWarm(input: {
  agent: AgentDefinition;
  target: TurnTarget;
  history: readonly Message[];
  runtime: Pick<RuntimeBase, 'registry' | 'countTokens' | 'remoteUsage'>;
  contextSize: (modelId: string) => number | null;
}): WarmPlan {
  const { agent, target } = input;
  if (target.kind === 'team') {
    if (routerSettings(agent).mode === 'embedding') return { skip: 'the team routes by embeddings' };
    const escalateTo =
      agent.escalation?.fromRouter && input.runtime.remoteUsage ? describeRef(agent.escalation.to) : undefined;
    const messages = routerMessages(agent, target.members, NEXT_MESSAGE, routerSettings(agent).reason, escalateTo);
    return { request: { modelId: target.routerModelId, messages: messages.slice(0, 1) } };
  }
  const contextSize = input.contextSize(target.modelId);
  if (contextSize === null) return { skip: 'the model is not loaded' };
  const tools = toolsOf(agent);
  const functions = input.runtime.registry.definitionsFor(Object.keys(tools), tools);
  const withTools = Object.keys(functions).length > 0;
  // The first round of the next turn, as AgentRuntime builds it (history fitted to the context, no recalled memory).
  const prompt = buildPrompt({
    agent,
    history: input.history,
    memory: '',
    contextSize,
    functionsJson: withTools ? JSON.stringify(functions) : null,
    ...(withTools ? { functions } : {}),
    countTokens: input.runtime.countTokens ?? approximateTokens,
  });
  return { request: { modelId: target.modelId, messages: prompt.messages, ...(withTools ? { functions } : {}) } };
}
