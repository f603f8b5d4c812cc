/**
 * The InferenceEngine the rest of core uses, on the shared worker host (process/workerHost): the worker is
 * spawned on the first call that needs it (llama.cpp costs seconds and memory; an app that never chats
 * never pays). A crash rejects what was running with `worker_crashed`, reports the lost models, and the
 * host restarts the worker with backoff. This file keeps only inference's meaning: backends and held models.
 */
import { OutpostError } from '../../../src-preload/contract/envelope';
import type {
  EngineBuild,
  GenerateRequest,
  GenerateResult,
  PromptCacheStats,
  WarmRequest,
  WarmResult,
  WorkerStatus,
} from '../../../src-preload/contract/inference';
import type { LoadOptions } from '../../../src-preload/contract/models';
import type { Clock, Logger, ProcessSpawner } from '../ports';
import type { RestartPolicyOptions } from '../process/restartPolicy';
import { Listeners } from '../lib/listeners';
import { WorkerHost } from '../process/workerHost';
import type {
  BackendPreference,
  GenerateCallbacks,
  GenerateOptions,
  InferenceEngine,
  ModelRef,
  ResolvedLoad,
  ResourceEstimate,
} from './engine';
import { abortedResult } from './callRelay';
import { modelFileCrashError, settleAfterAbort, settleWithin } from './responsiveness';
import {
  DeltaEvent,
  type GpuInfo,
  HostMessage,
  type ParsedHostMessage,
  type PromptCacheConfig,
  ResultValueSchemas,
} from './protocol';

export interface InferenceEngineOptions {
  spawner: ProcessSpawner;
  /** out/main/inferenceWorker.js in production; the TS entry plus execArgv ['--import', 'tsx'] in tests. */
  workerPath: string;
  execArgv?: string[];
  logger: Logger;
  backend: BackendPreference;
  clock?: Clock;
  restartPolicy?: RestartPolicyOptions;
  /** How long llama.cpp may take to initialise in a fresh worker. */
  startTimeoutMs?: number;
  /** How long a worker gets to exit after `shutdown` before it is killed. */
  shutdownGraceMs?: number;
  /** The persistent prompt cache each new worker opens (read at every start); absent keeps it off. */
  promptCache?: () => PromptCacheConfig | null;
}

type InferenceHost = WorkerHost<ParsedHostMessage, typeof ResultValueSchemas, DeltaEvent>;

export function createInferenceEngine(options: InferenceEngineOptions): InferenceEngine {
  return new InferenceClient(options);
}

const INFERENCE_PROTOCOL = {
  label: 'Inference worker',
  messages: HostMessage,
  results: ResultValueSchemas,
  events: DeltaEvent,
};

class InferenceClient implements InferenceEngine {
  private backend: BackendPreference;
  private readonly host: InferenceHost;
  private readonly held = new Set<string>();
  private readonly statusListeners: Listeners<WorkerStatus>;
  private readonly lostListeners: Listeners<string[]>;
  private disposed = false;
  /** What the last handshake reported; cleared whenever the worker is gone. */
  private runtime: Pick<WorkerStatus, 'backend' | 'gpu'> & { fallbackReason: string | null } = {
    backend: null,
    gpu: null,
    fallbackReason: null,
  };
  /** The binary the last worker loaded; a stopped worker loads the same one again (until the backend changes). */
  private engine: EngineBuild | null = null;

  constructor(options: InferenceEngineOptions) {
    this.backend = options.backend;
    this.statusListeners = new Listeners(options.logger, 'inference status');
    this.lostListeners = new Listeners(options.logger, 'inference models-lost');
    this.host = new WorkerHost({
      protocol: INFERENCE_PROTOCOL,
      spawner: options.spawner,
      entry: { modulePath: options.workerPath, ...(options.execArgv ? { execArgv: options.execArgv } : {}) },
      processName: 'inference',
      logger: options.logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
      ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
      ...(options.shutdownGraceMs ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
      initialize: async (worker) => {
        const promptCache = options.promptCache?.() ?? null;
        const ready = await worker.call({ type: 'init', backend: this.backend, promptCache }, 'worker startup');
        this.runtime = { backend: ready.backend, gpu: ready.gpu, fallbackReason: ready.fallbackReason };
        this.engine = ready.engine;
      },
    });
    this.host.onGone((crash) => {
      this.runtime = { backend: null, gpu: null, fallbackReason: null };
      if (crash) this.reportModelsLost();
    });
    this.host.onStatus(() => this.statusListeners.emit(this.status()));
  }

  status(): WorkerStatus {
    const { state, pid, restarts, lastError } = this.host.status();
    const ready = state === 'ready';
    return {
      state,
      pid,
      backend: ready ? this.runtime.backend : null,
      gpu: ready ? structuredClone(this.runtime.gpu) : null,
      restarts,
      lastError: (ready ? this.runtime.fallbackReason : null) ?? lastError,
      engine: this.engine ? structuredClone(this.engine) : null,
    };
  }

  onStatus(listener: (status: WorkerStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  onModelsLost(listener: (modelIds: string[]) => void): () => void {
    return this.lostListeners.add(listener);
  }

  loadedModelIds(): string[] {
    return [...this.held];
  }

  async gpuState(): Promise<GpuInfo | null> {
    return this.host.callIfReady({ type: 'gpuState' }, { describe: 'VRAM reading' });
  }

  async promptCache(budgetBytes?: number): Promise<PromptCacheStats | null> {
    const body =
      budgetBytes === undefined ? { type: 'promptCache' as const } : { type: 'promptCache' as const, budgetBytes };
    return this.host.callIfReady(body, { describe: 'prompt cache figures' });
  }

  async clearPromptCache(): Promise<PromptCacheStats | null> {
    return this.host.callIfReady({ type: 'promptCacheClear' }, { describe: 'prompt cache clear' });
  }

  async warm(request: WarmRequest, signal?: AbortSignal): Promise<WarmResult | null> {
    if (signal?.aborted) return null;
    return this.host.callIfReady(
      { type: 'warm', request },
      {
        describe: `warm of ${request.modelId}`,
        ...(signal ? { signal } : {}),
        cancel: () => ({ type: 'cancel', requestId: request.requestId }),
      },
    );
  }

  async setBackend(backend: BackendPreference): Promise<void> {
    if (this.disposed) throw new OutpostError('unavailable', 'Inference engine is disposed');
    if (backend === this.backend) return;
    this.backend = backend;
    this.engine = null;
    const { state } = this.host.status();
    if (state === 'stopped' || state === 'crashed') return; // the next call starts a worker on the new backend
    const lost = [...this.held];
    await this.host.stop(
      (what) => new OutpostError('aborted', `Inference backend changed to ${backend} during ${what}`),
    );
    this.held.clear();
    if (lost.length > 0) this.lostListeners.emit(lost);
    await this.host.start();
  }

  async estimate(model: ModelRef, options: LoadOptions): Promise<ResourceEstimate> {
    return this.host.call(
      { type: 'estimate', model, options },
      { describe: `estimate of ${model.id}`, crashError: modelFileCrashError(model.path) },
    );
  }

  async load(
    model: ModelRef,
    options: LoadOptions,
    onProgress: (progress: number) => void,
    signal?: AbortSignal,
  ): Promise<ResolvedLoad> {
    if (signal?.aborted) throw new OutpostError('aborted', `Loading ${model.id} was cancelled`);
    const loading = this.host.call(
      { type: 'load', model, options },
      {
        describe: `load of ${model.id}`,
        onProgress,
        ...(signal ? { signal } : {}),
        cancel: (callId) => ({ type: 'cancel', requestId: callId }),
        crashError: (exit, describe) =>
          signal?.aborted
            ? new OutpostError('aborted', `Loading ${model.id} was cancelled`)
            : modelFileCrashError(model.path)(exit, describe),
      },
    );
    const resolved = await settleAfterAbort(loading, signal, () => this.host.terminate());
    this.held.add(model.id);
    return resolved;
  }

  async unload(modelId: string): Promise<void> {
    const { state } = this.host.status();
    if (state === 'ready' || state === 'starting') {
      // A worker too busy to answer (a runaway template, a stuck load) is killed: that unloads everything.
      const unloading = this.host.call(
        { type: 'unload', modelId },
        { describe: `unload of ${modelId}`, crashError: () => new OutpostError('aborted', 'unloaded by a restart') },
      );
      await settleWithin(unloading, () => this.host.terminate()).catch((error: unknown) => {
        if (!(error instanceof OutpostError && error.message === 'unloaded by a restart')) throw error;
      });
    }
    this.held.delete(modelId);
  }

  async generate(
    request: GenerateRequest,
    callbacks: GenerateCallbacks,
    signal?: AbortSignal,
    options?: GenerateOptions,
  ): Promise<GenerateResult> {
    if (signal?.aborted) return abortedResult(request);
    const generating = this.host.call(
      { type: 'generate', request, functionCall: options?.functionCall ?? 'auto' },
      {
        describe: `generation ${request.requestId} on ${request.modelId}`,
        onEvent: ({ delta, tokens, call }) => callbacks.onDelta?.(delta, tokens, call),
        ...(signal ? { signal } : {}),
        cancel: () => ({ type: 'cancel', requestId: request.requestId }),
      },
    );
    try {
      return await settleAfterAbort(generating, signal, () => this.host.terminate());
    } catch (error) {
      // Killed because it ignored the cancel: the caller asked to stop, so it stopped.
      if (signal?.aborted && error instanceof OutpostError && error.code === 'worker_crashed')
        return abortedResult(request);
      throw error;
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.host.dispose();
    this.held.clear();
  }

  private reportModelsLost(): void {
    const lost = [...this.held];
    this.held.clear();
    if (lost.length > 0) this.lostListeners.emit(lost);
  }
}
