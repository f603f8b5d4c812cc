/**
 * chat.warm: the opened conversation's next prompt prefix, restored or evaluated in the background while the user
 * reads and types (what to warm is conversationWarm.ts). Never loads a model; a real request on the model stops it
 * in the worker, and opening another conversation stops the running warm.
 */
import { randomUUID } from 'node:crypto';
import type { WarmRequest, WarmResult } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import type { ConversationStore } from '../conversations/conversationStore';
import { planWarm } from './conversationWarm';
import type { RuntimeBase } from './turnRunner';
import type { TurnTarget } from './turnTarget';

/** Background warm of prompt prefixes (the local model lifecycle). */
export interface WarmPort {
  loadedContextSize(modelId: string): number | null;
  warm(request: WarmRequest, signal?: AbortSignal): Promise<WarmResult>;
}

export interface ChatWarmDeps {
  agents: { find(id: string): { definition: AgentDefinition } | null };
  conversations: Pick<ConversationStore, 'get' | 'messages'>;
  runtime: RuntimeBase;
  /** Without it chat.warm does nothing. */
  warm?: WarmPort;
  /** A turn is running in the conversation: its own request warms the model. */
  busy(conversationId: string): boolean;
  targetFor(agent: AgentDefinition): TurnTarget;
}

export class ChatWarm {
  /** The running warm: only the conversation on screen is worth warming. */
  private warming: AbortController | null = null;

  constructor(private readonly d: ChatWarmDeps) {}

  async warm(conversationId: string, signal?: AbortSignal): Promise<WarmResult> {
    const conversation = this.d.conversations.get(conversationId);
    const warmer = this.d.warm;
    if (!warmer) return skipped('warming is off');
    if (this.d.busy(conversationId)) return skipped('a turn is running');
    const agent = this.d.agents.find(conversation.agentId)?.definition;
    if (!agent) return skipped('the agent is gone');
    let plan;
    try {
      plan = planWarm({
        agent,
        target: this.d.targetFor(agent),
        history: this.d.conversations.messages(conversationId),
        runtime: this.d.runtime,
        contextSize: (modelId) => warmer.loadedContextSize(modelId),
      });
    } catch (error) {
      // A missing model or member, tools that do not fit: the turn will say so; a warm just does nothing.
      return skipped(error instanceof Error ? error.message : String(error));
    }
    if ('skip' in plan) return skipped(plan.skip);
    this.warming?.abort();
    const controller = new AbortController();
    this.warming = controller;
    try {
      const request = { ...plan.request, requestId: `warm-${randomUUID()}` };
      return await warmer.warm(request, signal ? AbortSignal.any([signal, controller.signal]) : controller.signal);
    } finally {
      if (this.warming === controller) this.warming = null;
    }
  }
}

function skipped(reason: string): WarmResult {
  return { outcome: 'skipped', prefixTokens: 0, evaluatedTokens: 0, reason };
}
