/**
 * Owns the worker's single Llama instance and every model/context it loads. One entry per model id;
 * a per-id mutex serialises load, unload and the start of generations so they never interleave.
 * Opening (openLlama), loading (loadModelEntry), estimates (estimateLoad) and the prompt cache
 * (runtimePromptCache) are their own modules; this file keeps the entries and their locking.
 */
import type { Llama } from 'node-llama-cpp';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type {
  GenerateRequest,
  GenerateResult,
  PromptCacheStats,
  WarmRequest,
  WarmResult,
} from '../../../../src-preload/contract/inference';
import type { EngineBuild } from '../../../../src-preload/contract/inference';
import type { LoadOptions } from '../../../../src-preload/contract/models';
import { KeyedLock } from '../../lib/keyedLock';
import type {
  BackendPreference,
  GpuInfo,
  ModelRef,
  PromptCacheConfig,
  ResolvedBackend,
  ResolvedLoad,
  ResourceEstimate,
} from '../protocol';
import { describeEngineBuild } from './engineBuild';
import { estimateLoad } from './estimateLoad';
import { prepareConstraint, runGeneration, type DeltaSink } from './generate';
import type { LlamaLogTail } from './llamaLogTail';
import { loadModelEntry, sameLoad, type LoadedModel } from './loadModelEntry';
import { openLlama, type WorkerLog } from './openLlama';
import { PROMPT_CACHE_OFF, RuntimePromptCache } from './runtimePromptCache';
import { warmPrefix } from './prefixWarm';
import { runTokenPathGeneration } from './tokenPathGeneration';

export type { WorkerLog } from './openLlama';

export class LlamaRuntime {
  private readonly models = new Map<string, LoadedModel>();
  private readonly mutex = new KeyedLock();

  private constructor(
    readonly llama: Llama,
    readonly fallbackReason: string | null,
    private readonly errorLog: LlamaLogTail,
    private readonly log: WorkerLog,
    private readonly promptCache: RuntimePromptCache | null,
  ) {}

  static async create(
    preference: BackendPreference,
    log: WorkerLog,
    promptCache: PromptCacheConfig | null = null,
  ): Promise<LlamaRuntime> {
    const { llama, fallbackReason, errorLog } = await openLlama(preference, log);
    return new LlamaRuntime(llama, fallbackReason, errorLog, log, await RuntimePromptCache.open(promptCache, log));
  }

  get backend(): ResolvedBackend {
    return this.llama.gpu === false ? 'cpu' : this.llama.gpu;
  }

  /** Which binary was loaded (patched, stock, local); About and the Dashboard show it. */
  engine(): EngineBuild {
    return describeEngineBuild(this.llama, this.backend);
  }

  async gpuInfo(): Promise<GpuInfo | null> {
    if (this.llama.gpu === false) return null;
    const [names, vram] = await Promise.all([this.llama.getGpuDeviceNames(), this.llama.getVramState()]);
    return { names, vramTotalBytes: vram.total, vramFreeBytes: vram.free };
  }

  loadedModelIds(): string[] {
    return [...this.models.keys()];
  }

  estimate(ref: ModelRef, options: LoadOptions, signal: AbortSignal): Promise<ResourceEstimate> {
    return estimateLoad(this.llama, ref, options, signal);
  }

  load(
    ref: ModelRef,
    options: LoadOptions,
    onProgress: (p: number) => void,
    signal: AbortSignal,
  ): Promise<ResolvedLoad> {
    return this.mutex.run(ref.id, async () => {
      const existing = this.models.get(ref.id);
      if (existing && sameLoad(existing, ref, options)) return existing.resolved;
      if (existing) throw new OutpostError('conflict', `Model ${ref.id} is loaded with other options; unload it first`);
      const { llama, errorLog, log } = this;
      const entry = await loadModelEntry({ llama, errorLog, log }, ref, options, onProgress, signal);
      this.models.set(ref.id, entry);
      if (this.promptCache) {
        entry.cacheKeyReady = this.promptCache.keyFor(entry, this.backend);
        // A remembered or small model is keyed before the load answers, so its first request can use the cache.
        const quick = await this.promptCache.isQuick(ref.path).catch(() => false);
        if (quick) await entry.cacheKeyReady;
      }
      // Warm the chat wrapper once the load has been answered, so the first reply rarely waits for it.
      setTimeout(() => void entry.chatWrapper().catch(() => undefined), 0);
      return entry.resolved;
    });
  }

  /** The prompt cache's figures; a new budget first when given. */
  async promptCacheStats(budgetBytes?: number): Promise<PromptCacheStats> {
    if (!this.promptCache) return { ...PROMPT_CACHE_OFF };
    return this.promptCache.stats(budgetBytes);
  }

  /** Removes every saved prompt state (the user's "Clear"); the cache stays on with its budget. */
  async clearPromptCache(): Promise<PromptCacheStats> {
    if (!this.promptCache) return { ...PROMPT_CACHE_OFF };
    return this.promptCache.clear();
  }

  /** Aborts the model's generations (they finish as 'aborted'), waits for them, then frees it. */
  unload(modelId: string): Promise<boolean> {
    return this.mutex.run(modelId, async () => {
      const entry = this.models.get(modelId);
      if (!entry) return false;
      this.models.delete(modelId);
      entry.pool.close(new OutpostError('not_loaded', `Model ${modelId} was unloaded`));
      for (const controller of entry.generations.keys()) controller.abort(new Error('model unloading'));
      await Promise.allSettled(entry.generations.values());
      await entry.context.dispose();
      await entry.predictors.dispose();
      await entry.model.dispose();
      return true;
    });
  }

  async generate(
    request: GenerateRequest,
    functionCall: 'auto' | 'required',
    signal: AbortSignal,
    onDelta: DeltaSink,
  ): Promise<GenerateResult> {
    const unloading = new AbortController();
    // Registered under the model's lock, so an unload either sees this generation or it never starts.
    const { entry, run } = await this.mutex.run(request.modelId, async () => {
      const found = this.models.get(request.modelId);
      if (!found) throw new OutpostError('not_loaded', `Model ${request.modelId} is not loaded`);
      // A real request never waits behind a background warm: it stops between two of the warm's slices.
      for (const warm of found.warms) warm.abort(new Error('a request arrived'));
      // Raw prompts and logprobs need a token-by-token loop that LlamaChat does not offer (no prompt cache there).
      const tokenPath = request.rawPrompt !== undefined || request.logprobs;
      const promptCache = tokenPath ? undefined : await this.promptCache?.forGeneration(found);
      const generation = tokenPath ? runTokenPathGeneration : runGeneration;
      const started = generation({
        promptCache,
        llama: this.llama,
        model: found.model,
        pool: found.pool,
        chatWrapper: found.chatWrapper(),
        predictor: found.predictors.kind,
        request,
        functionCall,
        signal: AbortSignal.any([signal, unloading.signal]),
        onDelta,
      });
      started.catch(() => undefined); // observed below; this only keeps the rejection from counting as unhandled
      found.generations.set(unloading, started);
      return { entry: found, run: started };
    });
    try {
      return await run;
    } finally {
      entry.generations.delete(unloading);
    }
  }

  /** Warms a prompt prefix of a loaded model in the background (prefixWarm.ts); never loads or waits. */
  async warm(request: WarmRequest, signal: AbortSignal): Promise<WarmResult> {
    const controller = new AbortController();
    const started = await this.mutex.run(request.modelId, async () => {
      const found = this.models.get(request.modelId);
      if (!found) return null;
      const constraint = await prepareConstraint(this.llama, { responseFormat: { type: 'text' }, ...request }, 'auto');
      const run = warmPrefix({
        model: found.model,
        pool: found.pool,
        chatWrapper: found.chatWrapper(),
        constraint,
        promptCache: await this.promptCache?.forGeneration(found),
        request,
        signal: AbortSignal.any([signal, controller.signal]),
      });
      run.catch(() => undefined); // observed below
      found.warms.add(controller);
      found.generations.set(controller, run);
      return { entry: found, run };
    });
    if (!started) return { outcome: 'skipped', prefixTokens: 0, evaluatedTokens: 0, reason: 'the model is not loaded' };
    try {
      return await started.run;
    } finally {
      started.entry.warms.delete(controller);
      started.entry.generations.delete(controller);
    }
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.loadedModelIds().map((id) => this.unload(id)));
    await this.llama.dispose();
  }
}
