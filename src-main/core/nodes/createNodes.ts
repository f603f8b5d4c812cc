/** Wiring for the nodes domain: the store, the service (health, discovery) and the router agents run through. */
import type { Database } from 'better-sqlite3';
import type { EventSink, Clock, Logger } from '../ports';
import type { NetPurpose } from '../net/networkPolicy';
import { ModelRouter, type LocalModels } from './modelRouter';
import { NodeHealthChecks } from './nodeHealthChecks';
import { NodeService, type SecretStore } from './nodeService';
import { NodeStore } from './nodeStore';
import { RemoteUsage } from './remoteUsage';
import type { RemoteTimeouts } from './remoteEngine';

export interface NodesDeps {
  db: Database;
  dbFile: string;
  secrets: SecretStore;
  fetchFor: (purpose: NetPurpose) => typeof fetch;
  local: LocalModels;
  events: EventSink;
  clock: Clock;
  logger: Logger;
  timeouts?: RemoteTimeouts;
  /** The health-check interval setting (0 = off). */
  healthCheckSeconds: () => number;
}

export function createNodes(d: NodesDeps): {
  nodes: NodeService;
  router: ModelRouter;
  usage: RemoteUsage;
  checks: NodeHealthChecks;
} {
  const nodes = new NodeService({
    store: new NodeStore(d.db, d.dbFile, () => d.clock.now()),
    secrets: d.secrets,
    fetchFor: d.fetchFor,
    onNodesChanged: (list) => d.events.emit('nodes.changed', list),
    onPoolsChanged: (pools) => d.events.emit('nodes.poolsChanged', pools),
    clock: d.clock,
    logger: d.logger,
  });
  const router = new ModelRouter({
    local: d.local,
    nodes,
    clock: d.clock,
    logger: d.logger,
    timeouts: d.timeouts,
  });
  const checks = new NodeHealthChecks({
    nodes,
    intervalSeconds: d.healthCheckSeconds,
    onHealth: (event) => d.events.emit('nodes.health', event),
    clock: d.clock,
    logger: d.logger,
  });
  checks.schedule();
  return { nodes, router, usage: new RemoteUsage(d.db, d.dbFile, () => d.clock.now()), checks };
}
