/** The nodes domain as handlers and the model router see it: nodes, keys, discovery, health, pools, choices. */
import {
  OutpostError,
  type NodeInfo,
  type NodeInput,
  type NodeModel,
  type NodeTestResult,
  type PoolInfo,
  type PoolInput,
  type RemoteModelChoice,
} from '@contract';
import type { NetPurpose } from '../net/networkPolicy';
import type { Clock, Logger } from '../ports';
import { listNodeModels, type NodeConnection } from './nodeClient';
import { classifyNodeError } from './nodeErrors';
import { NodeHealthTracker, type BreakerOptions } from './nodeHealth';
import { probeCapabilities } from './nodeProbe';
import { nodeModelRef, parseModelRef, poolRef } from './nodeRefs';
import type { NodeFields, NodeStore, StoredNode } from './nodeStore';

export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string | null): void;
}

export interface NodeServiceDeps {
  store: NodeStore;
  secrets: SecretStore;
  /** The network guard: a fetch that declares why it goes out. */
  fetchFor: (purpose: NetPurpose) => typeof fetch;
  onNodesChanged: (nodes: NodeInfo[]) => void;
  onPoolsChanged: (pools: PoolInfo[]) => void;
  clock: Clock;
  logger: Logger;
  breaker?: BreakerOptions;
  /** Probe at most this many models per discovery (each probe runs three small generations). */
  maxProbedModels?: number;
}

const LIST_TIMEOUT_MS = 15_000;
const OUTPOST_AGENT_PREFIX = 'agent:';
const keyName = (nodeId: string) => `node.${nodeId}.apiKey`;

export function purposeOf(node: Pick<StoredNode, 'kind' | 'allowInOffline'>): NetPurpose {
  if (node.kind === 'internet') return 'node-internet';
  return node.allowInOffline ? 'node-lan-offline' : 'node-lan';
}

export class NodeService {
  private readonly health = new Map<string, NodeHealthTracker>();

  constructor(private readonly d: NodeServiceDeps) {}

  list(): NodeInfo[] {
    return this.d.store.list().map((n) => this.info(n));
  }

  add(input: NodeInput): NodeInfo {
    const node = this.d.store.add(fieldsOf(input));
    if (input.apiKey) this.d.secrets.set(keyName(node.id), input.apiKey);
    this.changed();
    return this.info(node);
  }

  update(id: string, input: NodeInput): NodeInfo {
    const node = this.d.store.update(id, fieldsOf(input));
    if (input.apiKey !== undefined) this.d.secrets.set(keyName(id), input.apiKey);
    this.changed();
    return this.info(node);
  }

  remove(id: string): boolean {
    const removed = this.d.store.remove(id);
    this.d.secrets.set(keyName(id), null);
    this.health.delete(id);
    if (removed) this.changed();
    return removed;
  }

  /** Everything a request to the node needs; the key stays inside core. */
  connection(id: string): NodeConnection {
    const node = this.d.store.get(id);
    return { node, apiKey: this.d.secrets.get(keyName(id)), fetch: this.d.fetchFor(purposeOf(node)) };
  }

  node(id: string): StoredNode | null {
    return this.d.store.find(id);
  }

  tracker(id: string): NodeHealthTracker {
    let tracker = this.health.get(id);
    if (!tracker) {
      tracker = new NodeHealthTracker(() => this.d.clock.now(), this.d.breaker);
      this.health.set(id, tracker);
    }
    return tracker;
  }

  modelInfo(nodeId: string, model: string): NodeModel | null {
    return this.d.store.models(nodeId).find((m) => m.id === model) ?? null;
  }

  async test(id: string, signal: AbortSignal): Promise<NodeTestResult> {
    const conn = this.connection(id);
    const tracker = this.tracker(id);
    const startedAt = this.d.clock.now();
    tracker.started();
    try {
      const models = await listNodeModels(conn, signal, LIST_TIMEOUT_MS);
      const latencyMs = this.d.clock.now() - startedAt;
      tracker.succeeded(latencyMs, null);
      return { ok: true, latencyMs, modelIds: models.map((m) => m.id), error: null };
    } catch (error) {
      const { error: typed, nodeFault } = classifyNodeError(conn.node, error);
      if (nodeFault) tracker.failed(typed.message);
      else tracker.released();
      return { ok: false, latencyMs: null, modelIds: [], error: { code: typed.code, message: typed.message } };
    } finally {
      this.changed();
    }
  }

  /** Lists the node's models and probes each one's capabilities; the stored list is replaced. */
  async discover(id: string, signal: AbortSignal): Promise<NodeInfo> {
    const conn = this.connection(id);
    let listed;
    try {
      // Another Outpost also lists its agents (`agent:…`): they run tools over there, so they are not models here.
      listed = (await listNodeModels(conn, signal, LIST_TIMEOUT_MS)).filter(
        (m) => !m.id.startsWith(OUTPOST_AGENT_PREFIX),
      );
    } catch (error) {
      const { error: typed, nodeFault } = classifyNodeError(conn.node, error);
      if (nodeFault) this.tracker(id).failed(typed.message);
      this.changed();
      throw typed;
    }
    const limit = this.d.maxProbedModels ?? 10;
    const models: NodeModel[] = [];
    for (const [index, model] of listed.entries()) {
      if (signal.aborted) throw new OutpostError('aborted', 'Discovery was stopped');
      const probed = index < limit;
      const capabilities = probed
        ? await probeCapabilities(conn, model.id, signal)
        : { streaming: null, tools: null, jsonSchema: null };
      models.push({
        id: model.id,
        contextSize: model.contextSize,
        capabilities,
        probedAt: probed ? this.d.clock.now() : null,
      });
    }
    this.d.store.setModels(id, models);
    this.d.logger.info('node models discovered', { nodeId: id, models: models.length });
    this.changed();
    return this.info(this.d.store.get(id));
  }

  pools(): PoolInfo[] {
    return this.d.store.pools();
  }

  pool(id: string): PoolInfo {
    return this.d.store.pool(id);
  }

  savePool(input: PoolInput): PoolInfo {
    for (const member of input.members) {
      const target = parseModelRef(member);
      if (target.kind === 'pool')
        throw new OutpostError('bad_request', 'A pool cannot contain another pool', { member });
      if (target.kind === 'node' && !this.d.store.find(target.nodeId)) {
        throw new OutpostError('not_found', `Pool member "${member}" names a node that does not exist`, { member });
      }
    }
    const pool = this.d.store.savePool({ id: input.id, name: input.name, members: input.members });
    this.d.onPoolsChanged(this.pools());
    return pool;
  }

  removePool(id: string): boolean {
    const removed = this.d.store.removePool(id);
    if (removed) this.d.onPoolsChanged(this.pools());
    return removed;
  }

  /** Is this remote ref something a turn could run on (node exists and is enabled, pool exists)? */
  knows(ref: string): boolean {
    const target = parseModelRef(ref);
    if (target.kind === 'node') return this.d.store.find(target.nodeId)?.enabled === true;
    if (target.kind === 'pool') return this.d.store.pools().some((p) => p.id === target.poolId);
    return false;
  }

  choices(): RemoteModelChoice[] {
    const out: RemoteModelChoice[] = [];
    for (const node of this.d.store.list()) {
      const available = node.enabled && this.tracker(node.id).snapshot().breaker === 'closed';
      for (const model of this.d.store.models(node.id)) {
        out.push({
          ref: nodeModelRef(node.id, model.id),
          label: `${model.id} on ${node.name}`,
          kind: 'node',
          available,
        });
      }
    }
    for (const pool of this.d.store.pools()) {
      out.push({ ref: poolRef(pool.id), label: `Pool: ${pool.name}`, kind: 'pool', available: true });
    }
    return out;
  }

  /** Health moved (a request finished); the dashboard and Settings follow the event. */
  changed(): void {
    this.d.onNodesChanged(this.list());
  }

  private info(node: StoredNode): NodeInfo {
    return {
      id: node.id,
      name: node.name,
      baseUrl: node.baseUrl,
      kind: node.kind,
      enabled: node.enabled,
      allowInOffline: node.allowInOffline,
      hasApiKey: this.d.secrets.get(keyName(node.id)) !== null,
      models: this.d.store.models(node.id),
      health: this.tracker(node.id).snapshot(),
      createdAt: node.createdAt,
    };
  }
}

function fieldsOf(input: NodeInput): NodeFields {
  return {
    name: input.name,
    baseUrl: input.baseUrl,
    kind: input.kind,
    enabled: input.enabled ?? true,
    allowInOffline: input.allowInOffline ?? false,
  };
}
