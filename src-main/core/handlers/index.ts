import type { Handlers } from '../rpc/handlerTypes';
import { agentHandlers, type AgentServices } from './agentHandlers';
import { apiHandlers, type ApiServices } from './apiHandlers';
import { appHandlers, type AppServices } from './appHandlers';
import { catalogHandlers, type CatalogServices } from './catalogHandlers';
import { chatHandlers, type ChatServices } from './chatHandlers';
import { conversationHandlers, type ConversationServices } from './conversationHandlers';
import { jobHandlers, runHandlers, type JobServices } from './jobHandlers';
import { knowledgeHandlers, type KnowledgeServices } from './knowledgeHandlers';
import { eventHandlers } from './eventHandlers';
import { mcpHandlers, type McpServices } from './mcpHandlers';
import { memoryHandlers, type MemoryServices } from './memoryHandlers';
import { modelHandlers, type ModelServices } from './modelHandlers';
import { monitoringHandlers, type MonitoringServices } from './monitoringHandlers';
import { nodeHandlers, type NodeServices } from './nodeHandlers';
import { updateHandlers, type UpdateServices } from './updateHandlers';

/** Thin by design: each handler delegates to a service. Every route must appear exactly once. */
export function createHandlers(
  services: AppServices &
    ModelServices &
    CatalogServices &
    AgentServices &
    ConversationServices &
    MonitoringServices &
    MemoryServices &
    ApiServices &
    McpServices &
    ChatServices &
    NodeServices &
    KnowledgeServices &
    JobServices &
    UpdateServices,
): Handlers {
  return {
    ...appHandlers(services),
    ...modelHandlers(services),
    ...catalogHandlers(services),
    ...agentHandlers(services),
    ...conversationHandlers(services),
    ...monitoringHandlers(services),
    ...memoryHandlers(services),
    ...apiHandlers(services),
    ...mcpHandlers(services),
    ...chatHandlers(services),
    ...nodeHandlers(services),
    ...knowledgeHandlers(services),
    ...jobHandlers(services),
    ...runHandlers(services),
    ...updateHandlers(services),
    ...eventHandlers(),
  } satisfies Handlers;
}
