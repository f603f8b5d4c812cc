/**
 * The InferenceEngine the rest of core uses. The worker is spawned lazily, on the first call that needs it
 * (llama.cpp costs seconds and memory; an app that never chats never pays). A crash rejects what was
 * running with `worker_crashed`, reports the lost models, and restarts the worker with backoff.
 */
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { GenerateRequest, GenerateResult, WorkerStatus } from '../../../src-preload/contract/inference';
import type { LoadOptions } from '../../../src-preload/contract/models';
import { type Clock, type Logger, type ProcessSpawner, systemClock } from '../ports';
import type {
  BackendPreference,
  GenerateCallbacks,
  GenerateOptions,
  InferenceEngine,
  ModelRef,
  ResolvedLoad,
  ResourceEstimate,
} from './engine';
import { abortedResult, relayAbort } from './callRelay';
import type { GpuInfo } from './protocol';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restartPolicy';
import { WorkerConnection } from './workerConnection';

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
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createInferenceEngine(options: InferenceEngineOptions): InferenceEngine {
  return new InferenceClient(options);
}

class InferenceClient implements InferenceEngine {
  private backend: BackendPreference;
  private connection: WorkerConnection | null = null;
  private starting: Promise<WorkerConnection> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly held = new Set<string>();
  private readonly retiring = new WeakSet<WorkerConnection>();
  private readonly statusListeners = new Set<(status: WorkerStatus) => void>();
  private readonly lostListeners = new Set<(modelIds: string[]) => void>();
  private readonly policy: RestartPolicy;
  private readonly clock: Clock;
  private disposed = false;
  private current: WorkerStatus = {
    state: 'stopped',
    pid: null,
    backend: null,
    gpu: null,
    restarts: 0,
    lastError: null,
  };

  constructor(private readonly options: InferenceEngineOptions) {
    this.backend = options.backend;
    this.policy = new RestartPolicy(options.restartPolicy ?? DEFAULT_RESTART_POLICY);
    this.clock = options.clock ?? systemClock;
  }

  status(): WorkerStatus {
    return structuredClone(this.current);
  }

  onStatus(listener: (status: WorkerStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onModelsLost(listener: (modelIds: string[]) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  loadedModelIds(): string[] {
    return [...this.held];
  }

  async gpuState(): Promise<GpuInfo | null> {
    const connection = this.connection;
    if (!connection || this.starting || this.current.state !== 'ready') return null;
    return connection.call({ type: 'gpuState' }, { describe: 'VRAM reading' }).done;
  }

  async setBackend(backend: BackendPreference): Promise<void> {
    if (this.disposed) throw new OutpostError('unavailable', 'Inference engine is disposed');
    if (backend === this.backend) return;
    this.backend = backend;
    const wasRunning = this.connection !== null || this.restartTimer !== null;
    if (!wasRunning) return; // the next call starts a worker on the new backend
    await this.stopWorker(
      (what) => new OutpostError('aborted', `Inference backend changed to ${backend} during ${what}`),
    );
    this.policy.reset();
    this.setStatus({ state: 'stopped', pid: null, backend: null, gpu: null });
    await this.worker();
  }

  async estimate(model: ModelRef, options: LoadOptions): Promise<ResourceEstimate> {
    const connection = await this.worker();
    return connection.call({ type: 'estimate', model, options }, { describe: `estimate of ${model.id}` }).done;
  }

  async load(
    model: ModelRef,
    options: LoadOptions,
    onProgress: (progress: number) => void,
    signal?: AbortSignal,
  ): Promise<ResolvedLoad> {
    if (signal?.aborted) throw new OutpostError('aborted', `Loading ${model.id} was cancelled`);
    const connection = await this.worker();
    const { callId, done } = connection.call(
      { type: 'load', model, options },
      { describe: `load of ${model.id}`, onProgress },
    );
    const resolved = await relayAbort(done, signal, () => connection.post({ type: 'cancel', requestId: callId }));
    this.held.add(model.id);
    return resolved;
  }

  async unload(modelId: string): Promise<void> {
    const connection = this.starting ? await this.starting.catch(() => null) : this.connection;
    if (!connection) {
      this.held.delete(modelId);
      return;
    }
    await connection.call({ type: 'unload', modelId }, { describe: `unload of ${modelId}` }).done;
    this.held.delete(modelId);
  }

  async generate(
    request: GenerateRequest,
    callbacks: GenerateCallbacks,
    signal?: AbortSignal,
    options?: GenerateOptions,
  ): Promise<GenerateResult> {
    if (signal?.aborted) return abortedResult(request);
    const connection = await this.worker();
    const { done } = connection.call(
      { type: 'generate', request, functionCall: options?.functionCall ?? 'auto' },
      { describe: `generation ${request.requestId} on ${request.modelId}`, onDelta: callbacks.onDelta },
    );
    return relayAbort(done, signal, () => connection.post({ type: 'cancel', requestId: request.requestId }));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stopWorker((what) => new OutpostError('unavailable', `Inference engine disposed during ${what}`), false);
    this.setStatus({ state: 'stopped', pid: null, backend: null, gpu: null });
  }

  // ---- worker lifecycle ---------------------------------------------------------------------------

  private worker(): Promise<WorkerConnection> {
    if (this.disposed) return Promise.reject(new OutpostError('unavailable', 'Inference engine is disposed'));
    if (this.starting) return this.starting;
    if (this.connection) return Promise.resolve(this.connection);
    if (this.restartTimer) clearTimeout(this.restartTimer); // a caller is waiting: skip the rest of the backoff
    this.restartTimer = null;
    if (this.current.state === 'crashed') this.policy.reset();
    return this.start(this.current.state === 'restarting' ? 'restarting' : 'starting');
  }

  private start(state: 'starting' | 'restarting'): Promise<WorkerConnection> {
    const { spawner, workerPath, execArgv, logger } = this.options;
    const child = spawner.spawn(workerPath, { name: 'inference', ...(execArgv ? { execArgv } : {}) });
    const connection = new WorkerConnection(child, logger);
    this.connection = connection;
    this.setStatus({ state, pid: connection.pid, backend: null, gpu: null });
    void connection.exited.then(({ code, signal }) => this.onExit(connection, code, signal));
    const starting = this.initialize(connection).finally(() => {
      if (this.starting === starting) this.starting = null;
    });
    this.starting = starting;
    return starting;
  }

  private async initialize(connection: WorkerConnection): Promise<WorkerConnection> {
    const timeoutMs = this.options.startTimeoutMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const message = `Inference worker did not start within ${Math.round(timeoutMs / 1000)} s`;
      timer = setTimeout(() => reject(new OutpostError('unavailable', message)), timeoutMs);
    });
    try {
      const { done } = connection.call({ type: 'init', backend: this.backend }, { describe: 'worker startup' });
      const ready = await Promise.race([done, timeout]);
      if (this.connection !== connection)
        throw new OutpostError('unavailable', 'Inference worker was replaced while starting');
      const lastError = ready.fallbackReason ?? this.current.lastError;
      this.setStatus({ state: 'ready', pid: ready.pid, backend: ready.backend, gpu: ready.gpu, lastError });
      return connection;
    } catch (error) {
      // A crash during startup is handled by onExit; anything else (init refused, timeout) stops here.
      if (this.connection === connection) {
        const message = error instanceof Error ? error.message : String(error);
        await this.stopWorker(() => new OutpostError('unavailable', message), false);
        this.setStatus({ state: 'crashed', pid: null, backend: null, gpu: null, lastError: message });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private onExit(connection: WorkerConnection, code: number | null, signal: string | null): void {
    connection.close();
    if (this.connection !== connection || this.retiring.has(connection)) return;
    this.connection = null;
    const reason = `Inference worker exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`;
    connection.failAll((what) => new OutpostError('worker_crashed', `${reason} during ${what}`, { code, signal }));
    this.options.logger.error(reason, { code, signal });
    this.reportModelsLost();
    const delay = this.policy.onCrash(this.clock.now());
    if (delay === null) {
      const lastError = `${reason}; not restarting after repeated crashes until the next request`;
      this.setStatus({ state: 'crashed', pid: null, backend: null, gpu: null, lastError });
      return;
    }
    this.setStatus({
      state: 'restarting',
      pid: null,
      gpu: null,
      restarts: this.current.restarts + 1,
      lastError: reason,
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.disposed || this.connection) return;
      this.start('restarting').catch((error: unknown) =>
        this.options.logger.warn('inference worker restart failed', { error: String(error) }),
      );
    }, delay);
  }

  /** Stops the current worker on purpose: shutdown, then kill if it lingers. */
  private async stopWorker(makeError: (what: string) => Error, reportLost = true): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    this.starting = null;
    this.retiring.add(connection);
    connection.failAll(makeError);
    if (reportLost) this.reportModelsLost();
    else this.held.clear();
    connection.post({ type: 'shutdown' });
    const exited = connection.exited.then(() => true);
    if (!(await Promise.race([exited, sleep(this.options.shutdownGraceMs ?? 3_000).then(() => false)]))) {
      connection.process.kill();
      await Promise.race([exited, sleep(2_000)]);
    }
    connection.close();
  }

  private reportModelsLost(): void {
    const lost = [...this.held];
    this.held.clear();
    if (lost.length === 0) return;
    for (const listener of this.lostListeners) this.notify(() => listener(lost));
  }

  private setStatus(patch: Partial<WorkerStatus>): void {
    this.current = { ...this.current, ...patch };
    const snapshot = this.status();
    for (const listener of this.statusListeners) this.notify(() => listener(snapshot));
  }

  /** A throwing listener must not stop the others or the restart logic. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.options.logger.warn('inference listener threw', { error: String(error) });
    }
  }
}
