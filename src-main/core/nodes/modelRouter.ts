/**
 * Sits where the agent runtime expects the lifecycle: local ids go to the local lifecycle, `node:` refs to a remote
 * node, `pool:` refs to the least-busy healthy member. A member that fails before anything streamed is taken out
 * (its breaker counts it) and the request moves on; once text streamed, the error names the node and keeps the text.
 */
import { OutpostError, type GenerateRequest, type GenerateResult, type LoadedModel, type LoadOptions } from '@contract';
import type { Clock, Logger } from '../ports';
import { nodeUnavailable } from './nodeErrors';
import { nodeModelRef, parseModelRef, type ModelTarget } from './nodeRefs';
import type { NodeService } from './nodeService';
import { DEFAULT_TIMEOUTS, generateRemote, RemoteGenerateError, type RemoteTimeouts } from './remoteEngine';

/** How a caller takes one generation: its abort signal and its own delta consumer (as ModelLifecycle.generate). */
export interface GenerateOptions {
  signal: AbortSignal;
  onDelta?: (delta: string, tokens: number) => void;
}

/** What the router needs from the local lifecycle (ModelLifecycle). */
export interface LocalModels {
  load(modelId: string, options?: LoadOptions, signal?: AbortSignal): Promise<LoadedModel>;
  generate(request: GenerateRequest, options: GenerateOptions): Promise<GenerateResult>;
}

export interface ModelRouterDeps {
  local: LocalModels;
  nodes: NodeService;
  clock: Clock;
  logger: Logger;
  timeouts?: RemoteTimeouts;
}

/** A node's model has no context size on record: budget prompts for a common size. */
export const DEFAULT_REMOTE_CONTEXT = 8192;

/** Local failures that happen before any token (the model could not be made ready): another member may serve. */
const LOCAL_PRE_TOKEN_CODES = new Set(['insufficient_memory', 'not_loaded', 'invalid_model', 'not_found']);

export class ModelRouter {
  private readonly localBusy = new Map<string, number>();

  constructor(private readonly d: ModelRouterDeps) {}

  async load(ref: string, options?: LoadOptions, signal?: AbortSignal): Promise<LoadedModel> {
    const target = parseModelRef(ref);
    if (target.kind === 'local') return this.d.local.load(target.modelId, options, signal);
    if (target.kind === 'node') return this.remoteLoaded(ref, this.contextOf(target.nodeId, target.model));
    const pool = this.d.nodes.pool(target.poolId);
    let contextSize = Number.POSITIVE_INFINITY;
    for (const member of pool.members) {
      const m = parseModelRef(member);
      if (m.kind === 'node') contextSize = Math.min(contextSize, this.contextOf(m.nodeId, m.model));
      else if (m.kind === 'local') {
        const loaded = await this.d.local.load(m.modelId, options, signal).catch(() => null);
        if (loaded) contextSize = Math.min(contextSize, loaded.contextSize);
      }
    }
    // The prompt must fit whichever member serves it: budget for the smallest context.
    return this.remoteLoaded(ref, Number.isFinite(contextSize) ? contextSize : DEFAULT_REMOTE_CONTEXT);
  }

  async generate(request: GenerateRequest, options: GenerateOptions): Promise<GenerateResult> {
    const target = parseModelRef(request.modelId);
    if (target.kind === 'local') return this.generateLocal(request, target.modelId, options);
    if (target.kind === 'node') {
      const node = this.d.nodes.node(target.nodeId);
      if (!node)
        throw new OutpostError('not_found', `No inference node with id "${target.nodeId}"`, { nodeId: target.nodeId });
      if (!node.enabled) throw nodeUnavailable(node, 'it is disabled in Settings → Nodes');
      if (!this.d.nodes.tracker(node.id).admit()) throw this.breakerOpen(node.id);
      return this.generateOnNode(request, target, options);
    }
    return this.generatePool(request, target.poolId, options);
  }

  private async generatePool(
    request: GenerateRequest,
    poolId: string,
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    const { signal } = options;
    const pool = this.d.nodes.pool(poolId);
    const tried = new Set<string>();
    let lastError: OutpostError | null = null;
    for (;;) {
      const member = this.pickMember(pool.members, tried);
      if (!member) break;
      tried.add(member.ref);
      try {
        if (member.target.kind === 'local') return await this.generateLocal(request, member.target.modelId, options);
        return await this.generateOnNode(request, member.target as Extract<ModelTarget, { kind: 'node' }>, options);
      } catch (error) {
        if (signal.aborted) throw error;
        const typed = error instanceof OutpostError ? error : new OutpostError('internal', String(error));
        const canMove =
          member.target.kind === 'local' ? LOCAL_PRE_TOKEN_CODES.has(typed.code) : isPreTokenNodeFailure(typed);
        if (!canMove) throw typed;
        this.d.logger.warn('pool member failed before the first token; failing over', {
          poolId,
          member: member.ref,
          code: typed.code,
        });
        lastError = typed;
      }
    }
    throw new OutpostError(
      'node_unavailable',
      `No member of pool "${pool.name}" could answer${lastError ? `: ${lastError.message}` : ' (all are taken out after failures)'}`,
      { poolId, tried: [...tried], ...(lastError ? { lastError: lastError.toInfo() } : {}) },
    );
  }

  /** Healthy members first, least busy among them; a member whose breaker is open waits for its probe time. */
  private pickMember(
    members: readonly string[],
    tried: ReadonlySet<string>,
  ): { ref: string; target: ModelTarget } | null {
    const ranked = members
      .filter((ref) => !tried.has(ref))
      .map((ref, order) => ({ ref, order, target: parseModelRef(ref) }))
      .flatMap((m) => {
        if (m.target.kind === 'local') return [{ ...m, busy: this.localBusy.get(m.target.modelId) ?? 0 }];
        if (m.target.kind !== 'node') return [];
        const node = this.d.nodes.node(m.target.nodeId);
        if (!node?.enabled) return [];
        const tracker = this.d.nodes.tracker(node.id);
        return tracker.available() ? [{ ...m, busy: tracker.busy }] : [];
      })
      .sort((a, b) => a.busy - b.busy || a.order - b.order);
    for (const m of ranked) {
      // admit() takes the half-open probe slot; a member that lost the race for it is skipped.
      if (m.target.kind === 'node' && !this.d.nodes.tracker(m.target.nodeId).admit()) continue;
      return m;
    }
    return null;
  }

  private async generateLocal(
    request: GenerateRequest,
    modelId: string,
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    this.localBusy.set(modelId, (this.localBusy.get(modelId) ?? 0) + 1);
    try {
      const result = await this.d.local.generate({ ...request, modelId }, options);
      return modelId === request.modelId ? result : { ...result, servedBy: modelId };
    } finally {
      this.localBusy.set(modelId, (this.localBusy.get(modelId) ?? 1) - 1);
    }
  }

  private async generateOnNode(
    request: GenerateRequest,
    target: Extract<ModelTarget, { kind: 'node' }>,
    options: GenerateOptions,
  ): Promise<GenerateResult> {
    const conn = this.d.nodes.connection(target.nodeId);
    const tracker = this.d.nodes.tracker(target.nodeId);
    tracker.started();
    this.d.nodes.changed();
    try {
      const { result, headersMs } = await generateRemote(
        conn,
        target.model,
        request,
        options,
        this.d.clock,
        this.d.timeouts ?? DEFAULT_TIMEOUTS,
      );
      if (result.finishReason === 'aborted') tracker.released();
      else {
        const { promptTokens, completionTokens, generationTokensPerSecond } = result.metrics;
        tracker.succeeded(headersMs, generationTokensPerSecond, { prompt: promptTokens, completion: completionTokens });
      }
      return { ...result, servedBy: nodeModelRef(target.nodeId, target.model) };
    } catch (error) {
      if (error instanceof RemoteGenerateError) {
        if (error.nodeFault) tracker.failed(error.error.message, error.headersMs);
        else tracker.released();
        throw error.error;
      }
      tracker.failed(String(error));
      throw error;
    } finally {
      this.d.nodes.changed();
    }
  }

  /**
   * Why a `node:` ref is known to be out (disabled; taken out by its breaker, or by a health check that could not
   * reach it: the checks put it back once it answers), else null. Pools and local models have others to try: null.
   */
  knownUnavailable(ref: string): string | null {
    const target = parseModelRef(ref);
    if (target.kind !== 'node') return null;
    const node = this.d.nodes.node(target.nodeId);
    if (!node) return null;
    if (!node.enabled) return `${node.name} is disabled in Settings → Nodes`;
    const tracker = this.d.nodes.tracker(node.id);
    const health = tracker.snapshot();
    if (health.breaker === 'open' && health.lastCheckOk === false) {
      return `${node.name} did not answer its last health check`;
    }
    return tracker.available() ? null : `${node.name} is taken out after repeated failures`;
  }

  private breakerOpen(nodeId: string): OutpostError {
    const node = this.d.nodes.node(nodeId)!;
    const health = this.d.nodes.tracker(nodeId).snapshot();
    const when = health.retryAt ? ` until ${new Date(health.retryAt).toISOString()}` : '';
    return nodeUnavailable(
      node,
      `it is taken out after repeated failures${when} (last error: ${health.lastError ?? 'none'})`,
      {
        breaker: health.breaker,
      },
    );
  }

  private contextOf(nodeId: string, model: string): number {
    return this.d.nodes.modelInfo(nodeId, model)?.contextSize ?? DEFAULT_REMOTE_CONTEXT;
  }

  private remoteLoaded(ref: string, contextSize: number): LoadedModel {
    const now = this.d.clock.now();
    return {
      modelId: ref,
      loadedAt: now,
      lastUsedAt: now,
      gpuLayers: 0,
      contextSize,
      parallelSequences: 1,
      busySequences: 0,
      ramBytes: 0,
      vramBytes: 0,
      keepAlive: false,
    };
  }
}

function isPreTokenNodeFailure(error: OutpostError): boolean {
  if (error.code !== 'node_unavailable') return error.code === 'not_found';
  const details = error.details as { streamed?: unknown } | undefined;
  return details?.streamed !== true;
}
