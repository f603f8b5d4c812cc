/**
 * Owns the worker's single Llama instance and every model/context it loads. One entry per model id;
 * a per-id mutex serialises load, unload and the start of generations so they never interleave.
 */
import {
  type ChatWrapper,
  GeneralChatWrapper,
  getLlama,
  GgufInsights,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  LlamaLogLevel,
  type LlamaModel,
  readGgufFileInfo,
  resolveChatWrapper,
} from 'node-llama-cpp';
import path from 'node:path';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { GenerateRequest, GenerateResult, PromptCacheStats } from '../../../../src-preload/contract/inference';
import type { LoadOptions } from '../../../../src-preload/contract/models';
import type {
  BackendPreference,
  GpuInfo,
  ModelRef,
  PromptCacheConfig,
  ResolvedBackend,
  ResolvedLoad,
  ResourceEstimate,
} from '../protocol';
import type { EngineBuild } from '../../../../src-preload/contract/inference';
import { describeEngineBuild } from './engineBuild';
import { describeError, modelFailure } from './errors';
import { runGeneration, type DeltaSink } from './generate';
import { runTokenPathGeneration } from './tokenPathGeneration';
import { KeyedLock } from '../../lib/keyedLock';
import { LlamaLogTail } from './llamaLogTail';
import { ModelFingerprints } from './promptCache/modelFingerprint';
import { modelKeyOf, PromptStateCache } from './promptCache/promptStateCache';
import { StateFileStore } from './promptCache/stateFileStore';
import { SequencePool } from './sequencePool';
import { probeChatTemplate } from './templateProbe';
import { createSequencePredictors, type SequencePredictors } from './tokenPredictors';
import { chooseThreads } from './threadCalibration';

export type WorkerLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/** How long a request waits for one of a model's sequences before giving up with `busy`. */
const SEQUENCE_WAIT_TIMEOUT_MS = 120_000;
/** A request waits this long at most for its model's prompt-cache key (a remembered hash takes milliseconds). */
const CACHE_KEY_WAIT_MS = 100;

interface LoadedModel {
  ref: ModelRef;
  options: LoadOptions;
  model: LlamaModel;
  context: LlamaContext;
  pool: SequencePool<LlamaContextSequence>;
  /** Resolved on first use: analysing the Jinja template takes 0.2–0.5 s, too long to hold up a load. */
  chatWrapper: () => Promise<ChatWrapper>;
  resolved: ResolvedLoad;
  /** In-flight generations: aborted and awaited by unload. */
  generations: Map<AbortController, Promise<unknown>>;
  /** Speculative decoding: each sequence's token predictor (and the draft model they share). */
  predictors: SequencePredictors;
  /** Its key in the prompt cache (model file hash + options + backend), null until hashed or when off. */
  cacheKey: string | null;
  cacheKeyReady: Promise<string | null>;
}

/** The model's chat wrapper, resolved once; a Jinja template that fails its bounded probe is replaced. */
function lazyChatWrapper(model: LlamaModel, log: WorkerLog): () => Promise<ChatWrapper> {
  let wrapper: Promise<ChatWrapper> | null = null;
  const resolve = async (): Promise<ChatWrapper> => {
    const template: unknown = model.fileInfo.metadata.tokenizer?.chat_template;
    const probe = typeof template === 'string' && template.trim() !== '' ? await probeChatTemplate(template) : null;
    if (probe === null && typeof template === 'string')
      log('warn', 'the chat template could not be checked before use');
    if (probe && !probe.ok) {
      log('warn', `the model's chat template is not used (${probe.reason}); using a safe built-in template instead`, {
        notice: 'chat_template_replaced',
        reason: probe.reason,
      });
      // Not resolveChatWrapper: even with noJinja it may render the template to compare it with known ones.
      return new GeneralChatWrapper();
    }
    return resolveChatWrapper(model);
  };
  return () => (wrapper ??= resolve());
}

const numericOrUndefined = (value: number | 'auto'): number | undefined => (value === 'auto' ? undefined : value);

/** The prompt cache in `config.dir`; a folder that cannot be used turns the cache off, never the worker. */
async function openPromptCache(config: PromptCacheConfig | null, log: WorkerLog) {
  if (!config) return null;
  try {
    const store = await StateFileStore.open(config.dir, config.budgetBytes);
    if (store.counters.corrupt > 0) log('warn', `ignored ${store.counters.corrupt} damaged prompt-cache files`);
    return {
      cache: new PromptStateCache(store, log),
      fingerprints: new ModelFingerprints(path.join(config.dir, 'model-hashes.json')),
    };
  } catch (error) {
    log('warn', `the prompt cache is off: ${describeError(error)}`);
    return null;
  }
}

function sameLoad(a: LoadedModel, ref: ModelRef, options: LoadOptions): boolean {
  return a.ref.path === ref.path && JSON.stringify(a.options) === JSON.stringify(options);
}

export class LlamaRuntime {
  private readonly models = new Map<string, LoadedModel>();
  private readonly mutex = new KeyedLock();

  private constructor(
    readonly llama: Llama,
    readonly fallbackReason: string | null,
    private readonly errorLog: LlamaLogTail,
    private readonly log: WorkerLog,
    private readonly promptCache: { cache: PromptStateCache; fingerprints: ModelFingerprints } | null,
  ) {}

  static async create(
    preference: BackendPreference,
    log: WorkerLog,
    promptCache: PromptCacheConfig | null = null,
  ): Promise<LlamaRuntime> {
    const errorLog = new LlamaLogTail();
    const open = (gpu: 'auto' | 'metal' | 'cuda' | 'vulkan' | false) =>
      getLlama({
        gpu,
        // Prebuilt or local binaries only: never download llama.cpp sources or compile at runtime.
        build: 'never',
        skipDownload: true,
        progressLogs: false,
        logLevel: LlamaLogLevel.warn,
        logger: (level, message) => {
          const text = message.trim();
          if (!text) return;
          const isError = level === LlamaLogLevel.error || level === LlamaLogLevel.fatal;
          if (isError) errorLog.record(text);
          log(isError ? 'error' : 'warn', text);
        },
      });
    let llama: Llama;
    let fallbackReason: string | null = null;
    if (preference === 'auto' || preference === 'cpu') {
      llama = await open(preference === 'auto' ? 'auto' : false);
    } else {
      try {
        llama = await open(preference);
      } catch (error) {
        fallbackReason = `${preference} backend unavailable (${describeError(error)}); using the CPU`;
        log('warn', fallbackReason);
        llama = await open(false);
      }
    }
    // node-llama-cpp lets CPU contexts use max(4, cores) threads; on small machines that oversubscribes.
    if (llama.gpu === false) llama.maxThreads = Math.max(1, llama.cpuMathCores);
    return new LlamaRuntime(llama, fallbackReason, errorLog, log, await openPromptCache(promptCache, log));
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

  async estimate(ref: ModelRef, options: LoadOptions, signal: AbortSignal): Promise<ResourceEstimate> {
    try {
      const info = await readGgufFileInfo(ref.path, { sourceType: 'filesystem', signal, logWarnings: false });
      const insights = await GgufInsights.from(info, this.llama);
      const resolver = insights.configurationResolver;
      // Estimates report the cost of what was asked; whether it fits is the caller's memory plan to decide.
      const { gpuLayers, useMmap } = await resolver.resolveModelGpuLayersV2(options.gpuLayers, {
        ignoreMemorySafetyChecks: options.gpuLayers !== 'auto',
        defaultContextFlashAttention: options.flashAttention,
        useMmap: options.mmap,
        signal,
      });
      const batchSize = numericOrUndefined(options.batchSize);
      const sequences = options.parallelSequences;
      const contextSize = await resolver.resolveContextContextSize(options.contextSize, {
        modelGpuLayers: gpuLayers,
        modelTrainContextSize: insights.trainContextSize ?? 4096,
        flashAttention: options.flashAttention,
        ignoreMemorySafetyChecks: options.contextSize !== 'auto',
        useMmap,
        batchSize,
        sequences,
      });
      const modelCost = await insights.estimateModelResourceRequirementsV2({ gpuLayers, useMmap });
      const contextCost = await insights.estimateContextResourceRequirementsV2({
        contextSize,
        modelGpuLayers: gpuLayers,
        flashAttention: options.flashAttention,
        batchSize,
        sequences,
        useMmap,
      });
      return {
        gpuLayers,
        contextSize,
        ramBytes: modelCost.cpuRam + contextCost.cpuRam,
        vramBytes: modelCost.gpuVram + contextCost.gpuVram,
      };
    } catch (error) {
      throw modelFailure(error, ref.path, signal);
    }
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
      const entry = await this.loadEntry(ref, options, onProgress, signal);
      this.models.set(ref.id, entry);
      entry.cacheKeyReady = this.keyForCache(entry);
      // A remembered or small model is keyed before the load answers, so its first request can use the cache.
      const quick = await this.promptCache?.fingerprints.isQuick(ref.path).catch(() => false);
      if (quick) await entry.cacheKeyReady;
      // Warm the chat wrapper once the load has been answered, so the first reply rarely waits for it.
      setTimeout(() => void entry.chatWrapper().catch(() => undefined), 0);
      return entry.resolved;
    });
  }

  private async loadEntry(
    ref: ModelRef,
    options: LoadOptions,
    onProgress: (p: number) => void,
    signal: AbortSignal,
  ): Promise<LoadedModel> {
    let model: LlamaModel | undefined;
    const logMark = this.errorLog.mark();
    try {
      model = await this.llama.loadModel({
        modelPath: ref.path,
        gpuLayers: options.gpuLayers,
        useMmap: options.mmap,
        useMlock: options.mlock,
        defaultContextFlashAttention: options.flashAttention,
        onLoadProgress: (progress) => onProgress(progress * 0.9),
        loadSignal: signal,
      });
      const threads = await this.resolveThreads(model, ref, options, signal);
      // contextSize is per sequence: node-llama-cpp allocates contextSize × sequences KV cells.
      const context = await model.createContext({
        contextSize: options.contextSize,
        sequences: options.parallelSequences,
        batchSize: numericOrUndefined(options.batchSize),
        threads,
        flashAttention: options.flashAttention,
        createSignal: signal,
      });
      const predictors = await createSequencePredictors({
        llama: this.llama,
        target: model,
        ref,
        speculative: options.speculative,
        sequences: context.totalSequences,
        contextSize: context.contextSize,
        threads,
        signal,
      });
      const sequences = Array.from({ length: context.totalSequences }, () => {
        const tokenPredictor = predictors.next();
        return context.getSequence(tokenPredictor ? { tokenPredictor } : {});
      });
      const modelMemory = model.memoryUsage;
      const contextMemory = context.memoryUsage;
      onProgress(1);
      return {
        ref,
        options,
        model,
        context,
        pool: new SequencePool(sequences, SEQUENCE_WAIT_TIMEOUT_MS),
        chatWrapper: lazyChatWrapper(model, this.log),
        generations: new Map(),
        predictors,
        cacheKey: null,
        cacheKeyReady: Promise.resolve(null),
        resolved: {
          gpuLayers: model.gpuLayers,
          contextSize: context.contextSize,
          parallelSequences: context.totalSequences,
          ramBytes: modelMemory.ram + contextMemory.ram + predictors.ramBytes,
          vramBytes: modelMemory.vram + contextMemory.vram + predictors.vramBytes,
        },
      };
    } catch (error) {
      await model?.dispose().catch(() => undefined);
      // Native log lines reach JS through their own queue and may trail the rejection by a tick or two.
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw modelFailure(error, ref.path, signal, this.errorLog.since(logMark));
    }
  }

  /** Hashes the model file (remembered across runs) and drops saved states of its older versions or options. */
  private async keyForCache(entry: LoadedModel): Promise<string | null> {
    if (!this.promptCache) return null;
    try {
      const sha256 = await this.promptCache.fingerprints.hashOf(entry.ref.path);
      const key = modelKeyOf(sha256, { ...entry.options, contextSize: entry.resolved.contextSize }, this.backend);
      await this.promptCache.cache.invalidateOthers(entry.ref.path, key);
      entry.cacheKey = key;
      return key;
    } catch (error) {
      this.log('warn', `the prompt cache is not used for ${entry.ref.id}: ${describeError(error)}`);
      return null;
    }
  }

  /** The cache and key a generation on `entry` uses; waits briefly for a key still being computed. */
  private async promptCacheFor(entry: LoadedModel) {
    if (!this.promptCache || this.promptCache.cache.stats().budgetBytes === 0) return undefined;
    const key =
      entry.cacheKey ??
      (await Promise.race([
        entry.cacheKeyReady,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), CACHE_KEY_WAIT_MS)),
      ]));
    return key ? { cache: this.promptCache.cache, modelKey: key, modelPath: entry.ref.path } : undefined;
  }

  /** The prompt cache's figures; a new budget first when given. */
  async promptCacheStats(budgetBytes?: number): Promise<PromptCacheStats> {
    if (!this.promptCache) {
      const zero = { hits: 0, misses: 0, sequenceHits: 0, corrupt: 0, invalidated: 0, evicted: 0, saves: 0 };
      return { enabled: false, ...zero, entries: 0, bytes: 0, budgetBytes: 0 };
    }
    if (budgetBytes !== undefined) await this.promptCache.cache.setBudget(budgetBytes);
    return this.promptCache.cache.stats();
  }

  /** 'auto' on the CPU: a short measurement per model and machine (cached); a failed one keeps the default. */
  private async resolveThreads(model: LlamaModel, ref: ModelRef, options: LoadOptions, signal: AbortSignal) {
    if (options.threads !== 'auto' || this.llama.gpu !== false) return numericOrUndefined(options.threads);
    try {
      return await chooseThreads(this.llama, model, ref.path, signal);
    } catch (error) {
      signal.throwIfAborted();
      this.log('warn', `thread calibration failed, using the default: ${describeError(error)}`);
      return undefined;
    }
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
      // Raw prompts and logprobs need a token-by-token loop that LlamaChat does not offer (no prompt cache there).
      const tokenPath = request.rawPrompt !== undefined || request.logprobs;
      const promptCache = tokenPath ? undefined : await this.promptCacheFor(found);
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

  async dispose(): Promise<void> {
    await Promise.allSettled(this.loadedModelIds().map((id) => this.unload(id)));
    await this.llama.dispose();
  }
}
