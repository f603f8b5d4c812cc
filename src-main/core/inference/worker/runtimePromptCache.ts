/** The worker's side of the prompt cache: opening it, keying each loaded model, and what a generation gets. */
import path from 'node:path';
import type { PromptCacheStats } from '../../../../src-preload/contract/inference';
import type { LoadOptions } from '../../../../src-preload/contract/models';
import type { PromptCacheConfig, ResolvedBackend } from '../protocol';
import { describeError } from './errors';
import type { WorkerLog } from './openLlama';
import { ModelFingerprints } from './promptCache/modelFingerprint';
import { modelKeyOf, PromptStateCache } from './promptCache/promptStateCache';
import { StateFileStore } from './promptCache/stateFileStore';

/** A request waits this long at most for its model's prompt-cache key (a remembered hash takes milliseconds). */
const CACHE_KEY_WAIT_MS = 100;

/** What the runtime keeps per loaded model for the cache. */
export interface CacheKeyed {
  ref: { id: string; path: string };
  options: LoadOptions;
  resolved: { contextSize: number };
  cacheKey: string | null;
  cacheKeyReady: Promise<string | null>;
}

export type GenerationPromptCache = { cache: PromptStateCache; modelKey: string; modelPath: string };

export class RuntimePromptCache {
  private constructor(
    private readonly cache: PromptStateCache,
    private readonly fingerprints: ModelFingerprints,
    private readonly log: WorkerLog,
  ) {}

  /** The cache in `config.dir`; a folder that cannot be used turns the cache off (null), never the worker. */
  static async open(config: PromptCacheConfig | null, log: WorkerLog): Promise<RuntimePromptCache | null> {
    if (!config) return null;
    try {
      const store = await StateFileStore.open(config.dir, config.budgetBytes);
      if (store.counters.corrupt > 0) log('warn', `ignored ${store.counters.corrupt} damaged prompt-cache files`);
      return new RuntimePromptCache(
        new PromptStateCache(store, log),
        new ModelFingerprints(path.join(config.dir, 'model-hashes.json')),
        log,
      );
    } catch (error) {
      log('warn', `the prompt cache is off: ${describeError(error)}`);
      return null;
    }
  }

  /** A remembered or small model file: keyed before its load answers, so the first request can use the cache. */
  isQuick(modelPath: string): Promise<boolean> {
    return this.fingerprints.isQuick(modelPath);
  }

  /** Hashes the model file (remembered across runs) and drops saved states of its older versions or options. */
  async keyFor(entry: CacheKeyed, backend: ResolvedBackend): Promise<string | null> {
    try {
      const sha256 = await this.fingerprints.hashOf(entry.ref.path);
      const key = modelKeyOf(sha256, { ...entry.options, contextSize: entry.resolved.contextSize }, backend);
      await this.cache.invalidateOthers(entry.ref.path, key);
      entry.cacheKey = key;
      return key;
    } catch (error) {
      this.log('warn', `the prompt cache is not used for ${entry.ref.id}: ${describeError(error)}`);
      return null;
    }
  }

  /** The cache and key a generation on `entry` uses; waits briefly for a key still being computed. */
  async forGeneration(entry: CacheKeyed): Promise<GenerationPromptCache | undefined> {
    if (this.cache.stats().budgetBytes === 0) return undefined;
    const key =
      entry.cacheKey ??
      (await Promise.race([
        entry.cacheKeyReady,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), CACHE_KEY_WAIT_MS)),
      ]));
    return key ? { cache: this.cache, modelKey: key, modelPath: entry.ref.path } : undefined;
  }

  /** Removes every saved state, then the figures (entries and bytes now 0). */
  async clear(): Promise<PromptCacheStats> {
    const removed = await this.cache.clear();
    this.log('info', `prompt cache cleared: ${removed} saved states removed`);
    return this.cache.stats();
  }

  /** The cache's figures; a new budget first when given. */
  async stats(budgetBytes?: number): Promise<PromptCacheStats> {
    if (budgetBytes !== undefined) await this.cache.setBudget(budgetBytes);
    return this.cache.stats();
  }
}

export { PROMPT_CACHE_OFF } from '../../../../src-preload/contract/inference';
