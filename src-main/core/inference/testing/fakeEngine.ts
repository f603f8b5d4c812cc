/** An InferenceEngine without llama.cpp, for policy tests (lifecycle LRU, budget, idle unload). */
import {
  OutpostError,
  type GenerateRequest,
  type GenerateResult,
  type LoadOptions,
  type WorkerStatus,
} from '@contract';
import type { InferenceEngine } from '../engine';
import type { ModelRef, ResolvedLoad, ResourceEstimate } from '../protocol';

const MiB = 1024 * 1024;

export class FakeEngine implements InferenceEngine {
  /** What each model costs; models not listed cost `defaultRamBytes`. */
  readonly ramBytes = new Map<string, number>();
  defaultRamBytes = 64 * MiB;
  /** Every engine call in order, e.g. `load tiny-1`, `unload tiny-2`. */
  readonly calls: string[] = [];
  private readonly loaded = new Set<string>();
  private readonly lostListeners = new Set<(ids: string[]) => void>();

  status(): WorkerStatus {
    const state = this.loaded.size > 0 ? 'ready' : 'stopped';
    return { state, pid: null, backend: 'cpu', gpu: null, restarts: 0, lastError: null, engine: null };
  }

  onStatus(): () => void {
    return () => undefined;
  }

  onModelsLost(listener: (ids: string[]) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** What the real host does when its worker dies: every held model is gone at once. */
  crash(): void {
    const ids = [...this.loaded];
    this.loaded.clear();
    for (const listener of this.lostListeners) listener(ids);
  }

  setBackend(): Promise<void> {
    return Promise.resolve();
  }

  estimate(model: ModelRef, options: LoadOptions): Promise<ResourceEstimate> {
    this.calls.push(`estimate ${model.id}`);
    return Promise.resolve(this.cost(model.id, options));
  }

  load(model: ModelRef, options: LoadOptions, onProgress: (p: number) => void): Promise<ResolvedLoad> {
    this.calls.push(`load ${model.id}`);
    onProgress(0.5);
    this.loaded.add(model.id);
    return Promise.resolve({ ...this.cost(model.id, options), parallelSequences: 2 });
  }

  unload(modelId: string): Promise<void> {
    this.calls.push(`unload ${modelId}`);
    this.loaded.delete(modelId);
    return Promise.resolve();
  }

  loadedModelIds(): string[] {
    return [...this.loaded];
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    // Generation belongs to the real-worker tests; a policy test reaching it is a mistake worth a loud error.
    return Promise.reject(new OutpostError('internal', `FakeEngine does not generate (${request.requestId})`));
  }

  dispose(): Promise<void> {
    this.loaded.clear();
    return Promise.resolve();
  }

  private cost(modelId: string, options: LoadOptions): ResourceEstimate {
    const contextSize = typeof options.contextSize === 'number' ? options.contextSize : 512;
    return { gpuLayers: 0, contextSize, ramBytes: this.ramBytes.get(modelId) ?? this.defaultRamBytes, vramBytes: 0 };
  }
}
