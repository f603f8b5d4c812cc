/** Every route's services, from the composed domains, into the one handler table dispatch checks against. */
import { createHandlers } from '../handlers';
import type { InferenceEngine } from '../inference/engine';
import type { JobService } from '../jobs/jobService';
import type { MonitoringService } from '../monitoring/monitoringService';
import type { Handlers } from '../rpc/handlerTypes';
import { createSystemProbe } from '../system/systemSnapshot';
import type { UpdateService } from '../updates/updateService';
import type { AgentsPart } from './agents';
import type { ApiPart } from './api';
import type { ChatPart } from './chat';
import type { CoreBase } from './coreBase';
import type { KnowledgePart } from './knowledge';
import type { MemoryPart } from './memory';
import type { ModelsPart } from './models';
import type { NodesPart } from './nodes';

export interface ComposedDomains {
  engine: InferenceEngine;
  models: ModelsPart;
  nodes: NodesPart;
  agents: AgentsPart;
  memory: MemoryPart;
  chat: ChatPart;
  knowledge: KnowledgePart;
  monitoring: MonitoringService;
  jobs: JobService;
  api: ApiPart;
  updates: UpdateService;
}

export function composeHandlers(base: CoreBase, d: ComposedDomains): Handlers {
  const { ports, notices } = base;
  const { chat } = d.chat;
  return createHandlers({
    paths: ports.paths,
    host: ports.host,
    notices: () => [...notices],
    settings: base.settings,
    system: createSystemProbe(base.now),
    dialogs: ports.dialogs,
    registry: d.models.registry,
    lifecycle: d.models.lifecycle,
    engine: d.engine,
    events: base.events,
    catalog: d.models.catalog,
    downloads: d.models.downloads,
    credentials: d.models.credentials,
    monitoring: d.monitoring,
    agents: d.agents.agents,
    conversations: d.agents.conversations,
    toolRegistry: d.agents.toolRegistry,
    audit: d.agents.audit,
    grants: d.agents.toolStores.grants,
    api: d.api.api,
    mcp: d.api.mcp,
    memory: d.memory.memory,
    facts: d.agents.toolStores.facts,
    db: base.db,
    clock: base.clock,
    chat,
    nodes: d.nodes.nodes,
    jobs: d.jobs,
    nodeChecks: d.nodes.checks,
    beforeAgentDelete: (agentId: string) => chat.stopAgentTurns(agentId),
    beforeConversationDelete: (conversationId: string) => chat.stopAndWait(conversationId),
    ...d.knowledge.services,
    updates: d.updates,
  });
}
