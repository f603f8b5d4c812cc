/**
 * The embeddings engine core uses: one worker process (ONNX Runtime + llama.cpp), spawned on first use,
 * shut down after an idle spell (sessions freed), restarted after a crash with a typed `worker_crashed`
 * error for whatever was running. One model is kept loaded at a time.
 */
import { OutpostError } from '../../../src-preload/contract/envelope';
import { type Clock, type Logger, type ProcessSpawner, systemClock, type WorkerEntry } from '../ports';
import { RestartPolicy } from '../inference/restartPolicy';
import { EmbeddingsConnection } from './embeddingsConnection';
import {
  type EmbeddingModelSpec,
  type ExecutionProvider,
  type ExecutionProviderPreference,
  type LoadedEmbedder,
  MAX_TEXTS_PER_CALL,
} from './protocol';

export interface EmbeddingsStatus {
  state: 'stopped' | 'starting' | 'ready' | 'crashed';
  pid: number | null;
  preference: ExecutionProviderPreference;
  availableProviders: ExecutionProvider[];
  loaded: LoadedEmbedder | null;
  restarts: number;
  lastError: string | null;
}

export interface EmbeddingsClientOptions {
  spawner: ProcessSpawner;
  worker: WorkerEntry;
  logger: Logger;
  preference?: ExecutionProviderPreference;
  /** Stop the worker (freeing its sessions) after this long without calls. Default 5 min. */
  idleMs?: number;
  clock?: Clock;
}

export class EmbeddingsClient {
  private connection: EmbeddingsConnection | null = null;
  private starting: Promise<EmbeddingsConnection> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly policy = new RestartPolicy({
    initialDelayMs: 0,
    maxDelayMs: 0,
    maxCrashesPerWindow: 4,
    windowMs: 60_000,
  });
  private readonly listeners = new Set<(status: EmbeddingsStatus) => void>();
  private disposed = false;
  private current: EmbeddingsStatus;

  constructor(private readonly options: EmbeddingsClientOptions) {
    const preference = options.preference ?? 'auto';
    this.current = {
      state: 'stopped',
      pid: null,
      preference,
      availableProviders: [],
      loaded: null,
      restarts: 0,
      lastError: null,
    };
  }

  status(): EmbeddingsStatus {
    return structuredClone(this.current);
  }

  onStatus(listener: (status: EmbeddingsStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes effect on the next start; a running worker is stopped so the next call uses the new provider. */
  async setPreference(preference: ExecutionProviderPreference): Promise<void> {
    if (preference === this.current.preference) return;
    this.setStatus({ preference });
    await this.stop();
  }

  async load(spec: EmbeddingModelSpec, signal?: AbortSignal): Promise<LoadedEmbedder> {
    const connection = await this.worker();
    if (this.current.loaded?.key === spec.key) return this.current.loaded;
    if (this.current.loaded) await connection.call({ type: 'unload', modelKey: this.current.loaded.key }, 'unload');
    const loaded = await abortable(connection.call({ type: 'load', model: spec }, `load of ${spec.name}`), signal);
    this.setStatus({ loaded });
    return loaded;
  }

  async embed(spec: EmbeddingModelSpec, texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    await this.load(spec, signal);
    for (let start = 0; start < texts.length; start += MAX_TEXTS_PER_CALL) {
      if (signal?.aborted) throw new OutpostError('aborted', 'Embedding was cancelled');
      const connection = await this.worker();
      const chunk = texts.slice(start, start + MAX_TEXTS_PER_CALL);
      const call = connection.call({ type: 'embed', modelKey: spec.key, texts: chunk }, `embedding with ${spec.name}`);
      out.push(...(await abortable(call, signal)).vectors);
    }
    this.armIdle();
    return out;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stop();
  }

  private worker(): Promise<EmbeddingsConnection> {
    if (this.disposed) return Promise.reject(new OutpostError('unavailable', 'Embeddings engine is disposed'));
    this.clearIdle();
    if (this.starting) return this.starting;
    if (this.connection) return Promise.resolve(this.connection);
    const { spawner, worker, logger } = this.options;
    const child = spawner.spawn(worker.modulePath, {
      name: 'embeddings',
      ...(worker.execArgv ? { execArgv: worker.execArgv } : {}),
    });
    const connection = new EmbeddingsConnection(child, logger);
    this.connection = connection;
    this.setStatus({ state: 'starting', pid: child.pid ?? null, loaded: null });
    void connection.exited.then(({ code, signal }) => this.onExit(connection, code, signal));
    const starting = connection
      .call({ type: 'init', provider: this.current.preference }, 'worker startup')
      .then((ready) => {
        this.setStatus({ state: 'ready', pid: ready.pid, availableProviders: ready.availableProviders });
        return connection;
      })
      .finally(() => {
        if (this.starting === starting) this.starting = null;
      });
    this.starting = starting;
    return starting;
  }

  private onExit(connection: EmbeddingsConnection, code: number | null, signal: string | null): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.starting = null;
    const reason = `Embeddings worker exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`;
    connection.failAll((what) => new OutpostError('worker_crashed', `${reason} during ${what}`, { code, signal }));
    this.options.logger.error(reason);
    const again = this.policy.onCrash((this.options.clock ?? systemClock).now()) !== null;
    this.setStatus({
      state: again ? 'stopped' : 'crashed',
      pid: null,
      loaded: null,
      restarts: this.current.restarts + 1,
      lastError: reason,
    });
    if (!again) this.policy.reset(); // the next call tries again; until then the status says crashed
  }

  /** Orderly stop: shutdown, then kill if the worker lingers. */
  private async stop(): Promise<void> {
    this.clearIdle();
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    this.starting = null;
    connection.failAll((what) => new OutpostError('aborted', `Embeddings worker stopped during ${what}`));
    connection.process.postMessage({ type: 'shutdown', callId: 'stop' });
    const exited = await Promise.race([connection.exited.then(() => true), sleep(3_000).then(() => false)]);
    if (!exited) connection.process.kill();
    this.setStatus({ state: 'stopped', pid: null, loaded: null });
  }

  private armIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(
      () => {
        if (this.connection?.busy) return this.armIdle();
        void this.stop();
      },
      this.options.idleMs ?? 5 * 60_000,
    );
    this.idleTimer.unref?.();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private setStatus(patch: Partial<EmbeddingsStatus>): void {
    this.current = { ...this.current, ...patch };
    const snapshot = this.status();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.options.logger.warn('embeddings status listener threw', { error: String(error) });
      }
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The native run cannot be interrupted; an abort stops waiting for it and drops its result. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new OutpostError('aborted', 'Embedding was cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OutpostError('aborted', 'Embedding was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
