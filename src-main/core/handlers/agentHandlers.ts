import { OutpostError, type StoredAgent, type ToolInfo } from '@contract';
import { agentReadiness } from '../agents/agentReadiness';
import type { AgentStore } from '../agents/agentStore';
import { exportAgent, importPortableAgents } from '../agents/portableAgent';
import type { CatalogService } from '../catalog/catalogService';
import type { EventSink } from '../ports';
import type { DomainHandlers } from '../rpc/handlerTypes';
import type { ToolAuditLog } from '../tools/auditLog';
import type { GrantedFolders } from '../tools/grantedFolders';
import type { ToolRegistry } from '../tools/toolRegistry';

export interface AgentServices {
  agents: AgentStore;
  catalog: Pick<CatalogService, 'installedModelFor'>;
  /** Node models and pools (core/nodes) count as available models too. */
  nodes?: { knows(ref: string): boolean };
  toolRegistry: ToolRegistry;
  audit: ToolAuditLog;
  grants: GrantedFolders;
  events: EventSink;
  /** Stops the agent's running turns before its rows go. */
  beforeAgentDelete?: (agentId: string) => Promise<void>;
}

const MIME = { json: 'application/json', yaml: 'application/yaml' } as const;

export function agentHandlers(s: AgentServices) {
  const changed = <T>(result: T): T => {
    s.events.emit('agents.changed', s.agents.list());
    return result;
  };
  const toolInfo = (): ToolInfo[] =>
    s.toolRegistry.list().map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      defaultPermission: tool.defaultPermission,
      sideEffects: tool.sideEffects,
      source: tool.source ?? 'builtin',
      sourceName: tool.sourceName ?? null,
      available: tool.isAvailable ? tool.isAvailable() : true,
    }));

  return {
    'agents.list': async () => s.agents.list(),
    'agents.get': async ({ id }) => s.agents.get(id),
    'agents.create': async ({ definition }) => changed(s.agents.create(definition)),
    'agents.update': async ({ definition }) => changed(s.agents.update(definition.id, definition)),
    'agents.duplicate': async ({ id }) => changed(s.agents.duplicate(id)),
    'agents.delete': async ({ id }) => {
      s.agents.get(id); // not_found before anything is stopped
      await s.beforeAgentDelete?.(id);
      return changed(s.agents.delete(id));
    },
    'agents.history': async ({ id }) => s.agents.history(id),
    'agents.restore': async ({ id, version }) => changed(s.agents.restore(id, version)),
    'agents.export': async ({ id, format }) => {
      const agent: StoredAgent = s.agents.get(id);
      return {
        fileName: `${id}.outpost-agent.${format}`,
        content: exportAgent(agent.definition, format),
        mimeType: MIME[format],
      };
    },
    'agents.import': async ({ files }) => changed(importPortableAgents(s.agents, files)),
    'agents.readiness': async ({ id }) =>
      agentReadiness(s.agents.get(id).definition, {
        installedModelFor: (ref) => (s.nodes?.knows(ref) ? { id: ref } : s.catalog.installedModelFor(ref)),
        agentExists: (agentId) => s.agents.find(agentId) !== null,
      }),

    'tools.list': async () => toolInfo(),
    'tools.audit': async ({ agentId, limit, before }) => s.audit.list({ agentId, limit, before }),
    'tools.grants': async () => s.grants.listAll(),
    'tools.grantFolder': async ({ path, agentId }) => {
      if (agentId !== null && s.agents.find(agentId) === null) {
        throw new OutpostError('not_found', `No agent with id "${agentId}"`, { agentId });
      }
      return s.grants.grant(path, agentId);
    },
    'tools.revokeFolder': async ({ id }) => ({ revoked: s.grants.revoke(id) }),
  } satisfies DomainHandlers<'agents' | 'tools'>;
}
