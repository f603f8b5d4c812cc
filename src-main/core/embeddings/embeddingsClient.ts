/**
 * The embeddings engine core uses: one worker process (ONNX Runtime + llama.cpp) on the shared worker host
 * (process/workerHost), spawned on first use, stopped after an idle spell (sessions freed), restarted after
 * a crash with a typed `worker_crashed` for whatever was running. One model is kept loaded at a time.
 */
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { Clock, Logger, ProcessSpawner, WorkerEntry } from '../ports';
import type { RestartPolicyOptions } from '../process/restartPolicy';
import { Listeners } from '../lib/listeners';
import { WorkerHost, type WorkerState } from '../process/workerHost';
import {
  type EmbeddingModelSpec,
  type ExecutionProvider,
  type ExecutionProviderPreference,
  HostMessage,
  type LoadedEmbedder,
  MAX_TEXTS_PER_CALL,
  type RerankerSpec,
  ResultValueSchemas,
} from './protocol';

export interface EmbeddingsStatus {
  state: WorkerState;
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
  restartPolicy?: RestartPolicyOptions;
}

const EMBEDDINGS_PROTOCOL = { label: 'Embeddings worker', messages: HostMessage, results: ResultValueSchemas };

export class EmbeddingsClient {
  private readonly host: WorkerHost<HostMessage, typeof ResultValueSchemas>;
  private readonly listeners: Listeners<EmbeddingsStatus>;
  private preference: ExecutionProviderPreference;
  private availableProviders: ExecutionProvider[] = [];
  private loaded: LoadedEmbedder | null = null;

  constructor(options: EmbeddingsClientOptions) {
    this.listeners = new Listeners(options.logger, 'embeddings status');
    this.preference = options.preference ?? 'auto';
    this.host = new WorkerHost({
      protocol: EMBEDDINGS_PROTOCOL,
      spawner: options.spawner,
      entry: options.worker,
      processName: 'embeddings',
      logger: options.logger,
      idleMs: options.idleMs ?? 5 * 60_000,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
      initialize: async (worker) => {
        const ready = await worker.call({ type: 'init', provider: this.preference }, 'worker startup');
        this.availableProviders = ready.availableProviders;
      },
    });
    this.host.onGone(() => {
      this.loaded = null;
    });
    this.host.onStatus(() => this.emitStatus());
  }

  status(): EmbeddingsStatus {
    const { state, pid, restarts, lastError } = this.host.status();
    return {
      state,
      pid,
      preference: this.preference,
      availableProviders: [...this.availableProviders],
      loaded: this.loaded ? { ...this.loaded } : null,
      restarts,
      lastError,
    };
  }

  onStatus(listener: (status: EmbeddingsStatus) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Takes effect on the next start; a running worker is stopped so the next call uses the new provider. */
  async setPreference(preference: ExecutionProviderPreference): Promise<void> {
    if (preference === this.preference) return;
    this.preference = preference;
    this.emitStatus();
    await this.host.stop((what) => new OutpostError('aborted', `Embeddings provider changed during ${what}`));
  }

  async load(spec: EmbeddingModelSpec, signal?: AbortSignal): Promise<LoadedEmbedder> {
    await this.host.start(); // `loaded` describes the running worker, so look at it only once there is one
    if (this.loaded?.key === spec.key) return this.loaded;
    if (this.loaded) await this.host.call({ type: 'unload', modelKey: this.loaded.key }, { describe: 'unload' });
    const describe = `load of ${spec.name}`;
    this.loaded = await this.host.call({ type: 'load', model: spec }, { describe, ...(signal ? { signal } : {}) });
    this.emitStatus();
    return this.loaded;
  }

  /** The native run cannot be interrupted: an abort stops waiting for it and drops its result. */
  async embed(spec: EmbeddingModelSpec, texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    await this.load(spec, signal);
    for (let start = 0; start < texts.length; start += MAX_TEXTS_PER_CALL) {
      const chunk = texts.slice(start, start + MAX_TEXTS_PER_CALL);
      const { vectors } = await this.host.call(
        { type: 'embed', modelKey: spec.key, texts: chunk },
        { describe: `embedding with ${spec.name}`, ...(signal ? { signal } : {}) },
      );
      out.push(...vectors);
    }
    return out;
  }

  /** Relevance of each text to the query by a cross-encoder, in order (higher is more relevant). */
  async rerank(spec: RerankerSpec, query: string, texts: readonly string[], signal?: AbortSignal): Promise<number[]> {
    const scores: number[] = [];
    for (let start = 0; start < texts.length; start += MAX_TEXTS_PER_CALL) {
      const result = await this.host.call(
        { type: 'rerank', model: spec, query, texts: texts.slice(start, start + MAX_TEXTS_PER_CALL) },
        { describe: `reranking with ${spec.name}`, ...(signal ? { signal } : {}) },
      );
      scores.push(...result.scores);
    }
    return scores;
  }

  async dispose(): Promise<void> {
    await this.host.dispose();
  }
  private emitStatus(): void {
    this.listeners.emit(this.status());
  }
}
