/** The one agent runtime (chat, jobs and the API's agent runs share it) and the chat service with memory extraction. */
import { ChatService } from '../chat/chatService';
import { EmbeddingRouter } from '../chat/embeddingRouter';
import type { RuntimeBase } from '../chat/turnRunner';
import { extractMemories } from '../memory/extractMemories';
import { ToolExecutor } from '../tools/toolExecutor';
import type { AgentsPart } from './agents';
import type { CoreBase } from './coreBase';
import type { MemoryPart } from './memory';
import type { ModelsPart } from './models';
import type { NodesPart } from './nodes';

export interface ChatPart {
  runtime: RuntimeBase;
  chat: ChatService;
}

export function composeChat(
  base: CoreBase,
  parts: { models: ModelsPart; nodes: NodesPart; agents: AgentsPart; memory: MemoryPart },
): ChatPart {
  const { logger, clock, now, events } = base;
  const { toolRegistry, audit, toolStores, conversations } = parts.agents;
  const { memory, embeddings } = parts.memory;
  const runtime: RuntimeBase = {
    lifecycle: parts.nodes.router,
    remoteUsage: parts.nodes.usage,
    knownUnavailable: (ref) => parts.nodes.router.knownUnavailable(ref),
    // One executor per turn: it takes that turn's approval channel (chat.approval / chat.respond).
    executorFor: (requestApproval) => new ToolExecutor({ registry: toolRegistry, audit, logger, now, requestApproval }),
    registry: toolRegistry,
    facts: toolStores.facts,
    logger,
    clock,
    // Teams routed by embeddings use the memory's embedding model.
    routerEmbeddings: new EmbeddingRouter({
      modelKey: () => (embeddings ? (memory.embedder()?.spec.key ?? null) : null),
      embed: (texts, signal) => {
        const active = memory.embedder();
        if (!embeddings || !active) throw new Error('No embedding model is available for routing');
        return embeddings.embed(active.spec, texts, signal);
      },
    }),
  };
  const chat = new ChatService({
    agents: parts.agents.agents,
    conversations,
    models: parts.agents.agentModels,
    runtime,
    events,
    logger,
    clock,
    // Local models only: a remote node keeps its own prompt cache.
    warm: {
      loadedContextSize: (modelId) => parts.models.lifecycle.loadedContextSize(modelId),
      warm: (request, signal) => parts.models.lifecycle.warm(request, signal),
    },
    afterTurn: ({ agent, conversationId }) => {
      if (!agent.memory.enabled || !agent.memory.autoExtract) return;
      // Background and bounded: a slow extraction must never hold up the next message.
      void extractMemories(agent, conversations.messages(conversationId), parts.models.lifecycle, {
        facts: toolStores.facts,
        conversationId,
        signal: AbortSignal.timeout(120_000),
        logger,
        memory,
      })
        .then((result) => {
          if (result.error)
            logger.warn('memory extraction gave nothing usable', { agentId: agent.id, error: result.error });
        })
        .catch((error: unknown) =>
          logger.warn('memory extraction failed', { agentId: agent.id, error: String(error) }),
        );
    },
  });
  base.timings.mark('chat + memory');
  return { runtime, chat };
}
