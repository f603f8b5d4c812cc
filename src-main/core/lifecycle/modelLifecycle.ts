import {
  OutpostError,
  type GenerateRequest,
  type GenerateResult,
  type InstalledModel,
  type LoadedModel,
  type LoadOptions,
  type MemoryEstimate,
  type PredictionCounts,
  type Settings,
  type WarmRequest,
  type WarmResult,
} from '@contract';
import type { CallDelta, InferenceEngine, ModelRef, ResolvedLoad } from '../inference/engine';
import { KeyedLock } from '../lib/keyedLock';
import type { Clock, EventSink, Logger } from '../ports';
import { computeBudget, idleModels, planLoad, type LoadedCost } from './memoryPlan';
import type { RequestMetricsStore } from './requestMetricsStore';

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

function describeShortfall(fileName: string, e: MemoryEstimate): string {
  const vram = e.vramBytes > 0 ? ` and ${gib(e.vramBytes)} VRAM` : '';
  const advice = e.suggestion ? ` ${e.suggestion}` : '';
  return `${fileName} needs about ${gib(e.ramBytes)} RAM${vram} but the memory budget has ${gib(e.ramBudgetBytes)} free.${advice}`;
}

/** What the lifecycle needs from the installed-models registry. */
export interface ModelSource {
  get(id: string): InstalledModel;
  /** Re-validates the file right before a load (it may have been deleted or replaced). */
  recheck(id: string): Promise<InstalledModel>;
}

export interface LifecycleDeps {
  engine: InferenceEngine;
  models: ModelSource;
  settings: () => Settings;
  totalRamBytes: () => number;
  metrics: RequestMetricsStore;
  events: EventSink;
  logger: Logger;
  clock: Clock;
}

/** How a caller takes one generation: its own abort signal and, when it streams, its own delta consumer. */
export interface GenerateOptions {
  signal: AbortSignal;
  /** Coalesced text deltas of this request only, in order (like node-llama-cpp's onTextChunk). */
  onDelta?: (delta: string, tokens: number) => void;
  /** Function-call argument chunks as the model writes them (for streaming tool calls). */
  onCall?: (call: CallDelta) => void;
}

/** In-process observers of generated tokens (monitoring's tokens/s); never the outward event stream. */
export type TokensListener = (tokens: number, request: GenerateRequest) => void;

interface Entry extends ResolvedLoad {
  modelId: string;
  loadedAt: number;
  lastUsedAt: number;
  busy: number;
  /** Speculative decoding's totals since the load (shown on the dashboard). */
  predictions?: PredictionCounts;
}

/**
 * Owns which models are loaded: memory budget, max count, LRU eviction, idle unload and keep-warm.
 * Every load/unload of a model runs under that model's lock.
 */
export class ModelLifecycle {
  private readonly entries = new Map<string, Entry>();
  private readonly lock = new KeyedLock();
  private readonly running = new Map<string, AbortController>();
  private activeModelId: string | null = null;
  private readonly tokenListeners = new Set<TokensListener>();

  constructor(private readonly d: LifecycleDeps) {
    d.engine.onModelsLost((ids) => {
      for (const id of ids) this.entries.delete(id);
      this.publish();
    });
  }

  list(): LoadedModel[] {
    const keepWarm = this.d.settings().keepActiveModelWarm;
    return [...this.entries.values()].map((e) => ({
      modelId: e.modelId,
      loadedAt: e.loadedAt,
      lastUsedAt: e.lastUsedAt,
      gpuLayers: e.gpuLayers,
      contextSize: e.contextSize,
      parallelSequences: e.parallelSequences,
      busySequences: e.busy,
      ramBytes: e.ramBytes,
      vramBytes: e.vramBytes,
      keepAlive: keepWarm && e.modelId === this.activeModelId,
      ...(e.predictions ? { predictions: { ...e.predictions } } : {}),
    }));
  }

  /** The model of the agent in the open chat; kept warm while the setting says so. */
  setActive(modelId: string | null): void {
    this.activeModelId = modelId;
    this.publish();
  }

  async estimate(modelId: string, options?: LoadOptions): Promise<MemoryEstimate> {
    const model = this.d.models.get(modelId);
    const need = await this.d.engine.estimate(model, options ?? model.loadOptions);
    const settings = this.d.settings();
    const others = this.costs().filter((c) => c.modelId !== modelId);
    const budget = computeBudget(
      this.d.totalRamBytes(),
      settings.memoryBudgetPercent,
      this.d.engine.status().gpu,
      settings.maxLoadedModels,
    );
    const plan = planLoad(need, others, budget, settings.memoryBudgetPercent);
    return {
      ...need,
      ramBudgetBytes: plan.ramAvailableBytes,
      vramBudgetBytes: plan.vramAvailableBytes,
      fits: plan.fits,
      wouldEvict: plan.evict,
      suggestion: plan.suggestion,
    };
  }

  load(modelId: string, options?: LoadOptions, signal?: AbortSignal): Promise<LoadedModel> {
    return this.lock.run(modelId, async () => {
      const existing = this.entries.get(modelId);
      if (existing) {
        existing.lastUsedAt = this.d.clock.now();
        return this.describe(modelId);
      }
      this.progress(modelId, 0, 'validating');
      try {
        const model = await this.d.models.recheck(modelId);
        const chosen = options ?? model.loadOptions;
        const estimate = await this.estimate(modelId, chosen);
        if (!estimate.fits) {
          throw new OutpostError('insufficient_memory', describeShortfall(model.fileName, estimate), {
            modelId,
            estimate,
          });
        }
        for (const victim of estimate.wouldEvict) await this.unload(victim, 'evicted to make room');
        this.progress(modelId, 0, 'loading');
        const ref = await this.withDraft(model, chosen);
        const resolved = await this.d.engine.load(ref, chosen, (p) => this.progress(modelId, p, 'loading'), signal);
        const now = this.d.clock.now();
        this.entries.set(modelId, { ...resolved, modelId, loadedAt: now, lastUsedAt: now, busy: 0 });
        this.progress(modelId, 1, 'done');
        this.publish();
        return this.describe(modelId);
      } catch (error) {
        this.progress(modelId, 0, 'failed', error instanceof Error ? error.message : String(error));
        throw error;
      }
    });
  }

  /** The draft model's file travels with the load (the worker checks its tokenizer before using it). */
  private async withDraft(model: InstalledModel, options: LoadOptions): Promise<ModelRef> {
    const draftId = options.speculative.draftModelId;
    if (!draftId) return { id: model.id, path: model.path };
    if (draftId === model.id) throw new OutpostError('bad_request', `${model.id} cannot be its own draft model`);
    const draft = await this.d.models.recheck(draftId);
    return { id: model.id, path: model.path, draft: { id: draft.id, path: draft.path } };
  }

  unload(modelId: string, reason = 'requested'): Promise<void> {
    return this.lock.run(modelId, async () => {
      if (!this.entries.has(modelId)) return;
      await this.d.engine.unload(modelId);
      this.entries.delete(modelId);
      this.d.logger.info('model unloaded', { modelId, reason });
      this.publish();
    });
  }

  /** Unloads models idle past the configured limit; called on a timer by the core. */
  async reapIdle(): Promise<string[]> {
    const { idleUnloadMinutes } = this.d.settings();
    const idle = idleModels(this.costs(), this.d.clock.now(), idleUnloadMinutes);
    for (const id of idle) await this.unload(id, `idle for ${idleUnloadMinutes} min`);
    return idle;
  }

  /** Observes every generation's token counts as they stream; returns the unsubscribe function. */
  onTokens(listener: TokensListener): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  /**
   * Generates on a loaded model, loading it first with its remembered options (just-in-time).
   * Deltas go to `onDelta` of this call only: the caller owns its stream.
   */
  async generate(request: GenerateRequest, { signal, onDelta, onCall }: GenerateOptions): Promise<GenerateResult> {
    if (this.running.has(request.requestId)) {
      throw new OutpostError('conflict', `A request with id ${request.requestId} is already running`);
    }
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort, { once: true });
    this.running.set(request.requestId, controller);
    const startedAt = this.d.clock.now();
    let entry: Entry | undefined;
    try {
      if (!this.entries.has(request.modelId)) await this.load(request.modelId, undefined, controller.signal);
      entry = this.entries.get(request.modelId);
      if (!entry) throw new OutpostError('not_loaded', `Model ${request.modelId} is not loaded`);
      entry.busy += 1;
      this.publish();
      const result = await this.d.engine.generate(
        request,
        {
          onDelta: (delta, tokens, call) => {
            if (call) return void onCall?.(call);
            for (const listener of this.tokenListeners) this.safely(() => listener(tokens, request));
            onDelta?.(delta, tokens);
          },
        },
        controller.signal,
        { functionCall: request.functionCall },
      );
      this.finish(request, startedAt, result, null);
      return result;
    } catch (error) {
      this.finish(request, startedAt, null, error instanceof OutpostError ? error.code : 'internal');
      throw error;
    } finally {
      signal.removeEventListener('abort', abort);
      this.running.delete(request.requestId);
      if (entry && this.entries.get(entry.modelId) === entry) {
        entry.busy -= 1;
        entry.lastUsedAt = this.d.clock.now();
        this.publish();
      }
    }
  }

  /**
   * Background warm of a prompt prefix (chat.warm). Only for a model already loaded and idle here: it never loads,
   * never counts as use (idle unload and LRU are untouched), and the worker stops it when a request arrives.
   */
  async warm(request: WarmRequest, signal?: AbortSignal): Promise<WarmResult> {
    const skipped = (reason: string): WarmResult => ({
      outcome: 'skipped',
      prefixTokens: 0,
      evaluatedTokens: 0,
      reason,
    });
    const entry = this.entries.get(request.modelId);
    if (!entry) return skipped('the model is not loaded');
    if (entry.busy > 0) return skipped('the model is answering');
    if (!this.d.engine.warm) return skipped('the engine cannot warm');
    return (await this.d.engine.warm(request, signal)) ?? skipped('the inference worker is not running');
  }

  /** The context size of a loaded model (null when it is not loaded). */
  loadedContextSize(modelId: string): number | null {
    return this.entries.get(modelId)?.contextSize ?? null;
  }

  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId);
    controller?.abort();
    return controller !== undefined;
  }

  private finish(request: GenerateRequest, startedAt: number, result: GenerateResult | null, errorCode: string | null) {
    const finishedAt = this.d.clock.now();
    const predicted = result?.metrics.predictions;
    const entry = this.entries.get(request.modelId);
    if (predicted && entry) {
      const sum = entry.predictions ?? { predictor: predicted.predictor, validated: 0, refuted: 0 };
      entry.predictions = {
        predictor: predicted.predictor,
        validated: sum.validated + predicted.validated,
        refuted: sum.refuted + predicted.refuted,
      };
    }
    this.d.metrics.record({
      requestId: request.requestId,
      modelId: request.modelId,
      origin: request.origin,
      startedAt,
      finishedAt,
      result,
      errorCode,
    });
  }

  /** A failing observer must not break the generation it watches. */
  private safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.d.logger.warn('token listener failed', { error: String(error) });
    }
  }

  private costs(): LoadedCost[] {
    const keepWarm = this.d.settings().keepActiveModelWarm;
    return [...this.entries.values()].map((e) => ({
      modelId: e.modelId,
      ramBytes: e.ramBytes,
      vramBytes: e.vramBytes,
      lastUsedAt: e.lastUsedAt,
      pinned: e.busy > 0 || (keepWarm && e.modelId === this.activeModelId),
    }));
  }

  private describe(modelId: string): LoadedModel {
    const found = this.list().find((m) => m.modelId === modelId);
    if (!found) throw new OutpostError('not_loaded', `Model ${modelId} is not loaded`);
    return found;
  }

  private progress(
    modelId: string,
    progress: number,
    phase: 'validating' | 'loading' | 'done' | 'failed',
    error?: string,
  ) {
    this.d.events.emit('models.loadProgress', { modelId, progress, phase, error: error ?? null });
  }

  private publish(): void {
    this.d.events.emit('models.loadedChanged', this.list());
  }
}
