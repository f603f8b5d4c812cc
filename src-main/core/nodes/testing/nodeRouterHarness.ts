/**
 * The node path agents use (NodeService + ModelRouter over a temp database, requests through the network guard),
 * with no local models, for tests and bench/nodes that talk to real nodes on loopback.
 */
import { OutpostError } from '@contract';
import { openTestDb } from '../../agents/testing/agentFixtures';
import { NetworkGuard } from '../../net/networkGuard';
import type { Clock, Logger } from '../../ports';
import { ModelRouter } from '../modelRouter';
import type { BreakerOptions } from '../nodeHealth';
import { NodeService } from '../nodeService';
import { NodeStore } from '../nodeStore';

export function createNodeRouter(options: { clock: Clock; logger: Logger; breaker?: BreakerOptions }): {
  nodes: NodeService;
  router: ModelRouter;
} {
  const { clock, logger } = options;
  const t = openTestDb();
  const secrets = new Map<string, string>();
  const guard = new NetworkGuard({ fetchImpl: fetch, isOffline: () => false, logger, clock });
  const nodes = new NodeService({
    store: new NodeStore(t.db, t.dbFile, clock.now),
    secrets: {
      get: (k) => secrets.get(k) ?? null,
      set: (k, v) => void (v === null ? secrets.delete(k) : secrets.set(k, v)),
    },
    fetchFor: (purpose) => guard.fetchFor(purpose),
    onNodesChanged: () => undefined,
    onPoolsChanged: () => undefined,
    clock,
    logger,
    ...(options.breaker ? { breaker: options.breaker } : {}),
  });
  // No local members here; a local id reaching the router would be a bug in it.
  const noLocal = () => Promise.reject(new OutpostError('not_found', 'no local models here'));
  const router = new ModelRouter({ local: { load: noLocal, generate: noLocal }, nodes, clock, logger });
  return { nodes, router };
}

/** Adds a served node (enabled, LAN) by name; its id is the name's slug ("Node A" → node-a). */
export function addServedNode(nodes: NodeService, name: string, baseUrl: string, apiKey: string) {
  return nodes.add({ name, baseUrl, kind: 'lan', apiKey, enabled: true, allowInOffline: false });
}
