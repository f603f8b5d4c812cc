/**
 * The persistent prompt cache of the worker: before a generation, restore a saved state that covers more of
 * the prompt than the chosen sequence holds; save an agent's stable prefix (system prompt + tools) the first
 * time it is evaluated, and every conversation's state at the end of a turn. Keys: model file hash + load
 * options + backend (modelKey) and the token prefix (entry name); see stateFileStore for budget and damage.
 */
import { createHash } from 'node:crypto';
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { StateFileStore, StateEntryMeta } from './stateFileStore';
import { hashTokens } from './tokenPrefix';

/** Restoring from disk must save at least this many tokens of evaluation over what the sequence holds. */
export const MIN_RESTORE_GAIN = 32;
/** Shorter prefixes (no or a tiny system prompt) evaluate faster than a file round trip is worth. */
export const MIN_SAVED_TOKENS = 64;
/** The stable prefix is evaluated in slices so a cancel is seen between them. */
const PREFIX_SLICE = 128;

export interface PromptCacheStats {
  enabled: boolean;
  /** Generations that restored a saved state. */
  hits: number;
  /** Generations with neither a reusable sequence nor a saved state. */
  misses: number;
  /** Generations served by the prefix their sequence already held. */
  sequenceHits: number;
  corrupt: number;
  invalidated: number;
  evicted: number;
  saves: number;
  entries: number;
  bytes: number;
  budgetBytes: number;
}

export interface RestoreOutcome {
  /** Prompt tokens the sequence holds evaluated now. */
  cached: number;
  /** Of those, restored from disk in this call (0 when nothing was loaded). */
  restored: number;
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function modelKeyOf(modelSha256: string, loadOptions: unknown, backend: string): string {
  return createHash('sha256').update(JSON.stringify({ modelSha256, loadOptions, backend })).digest('hex');
}

export class PromptStateCache {
  private hits = 0;
  private misses = 0;
  private sequenceHits = 0;
  private saves = 0;

  constructor(
    private readonly store: StateFileStore,
    private readonly log: Log,
  ) {}

  /** Removes every saved state; the figures so far and the budget stay. */
  clear(): Promise<number> {
    return this.store.clear();
  }

  setBudget(bytes: number): Promise<void> {
    return this.store.setBudget(bytes);
  }

  invalidateOthers(modelPath: string, modelKey: string): Promise<void> {
    return this.store.invalidateOthers(modelPath, modelKey);
  }

  stats(): PromptCacheStats {
    return {
      enabled: true,
      hits: this.hits,
      misses: this.misses,
      sequenceHits: this.sequenceHits,
      ...this.store.counters,
      saves: this.saves,
      entries: this.store.size,
      bytes: this.store.totalBytes,
      budgetBytes: this.store.budget,
    };
  }

  /** Loads the saved state covering most of `prompt` when it beats what `sequence` holds (`held` tokens). */
  async restore(modelKey: string, sequence: LlamaContextSequence, prompt: Token[], held: number) {
    const outcome = await this.tryRestore(modelKey, sequence, prompt, held);
    if (outcome.restored > 0) this.hits += 1;
    else if (outcome.cached >= MIN_RESTORE_GAIN) this.sequenceHits += 1;
    else this.misses += 1;
    return outcome;
  }

  private async tryRestore(
    modelKey: string,
    sequence: LlamaContextSequence,
    prompt: Token[],
    held: number,
  ): Promise<RestoreOutcome> {
    const best = this.store.best(modelKey, prompt);
    if (!best || best.shared < held + MIN_RESTORE_GAIN) return { cached: held, restored: 0 };
    const file = await this.store.verified(best.entry);
    if (!file) return { cached: held, restored: 0 };
    try {
      await sequence.loadStateFromFile(file, { acceptRisk: true });
    } catch (error) {
      this.log('warn', `a saved prompt state could not be loaded, evaluating instead: ${describeError(error)}`);
      await this.store.discard(best.entry, 'corrupt');
      await sequence.clearHistory().catch(() => undefined);
      return { cached: 0, restored: 0 };
    }
    const cached = sequence.compareContextTokens(prompt).firstDifferentIndex;
    return { cached, restored: cached };
  }

  /**
   * When no saved state covers the stable prefix (`prompt[0, stableLength)`), evaluates just that prefix and
   * saves it, so a new conversation with the same agent and model starts from it. Cancellable between slices.
   */
  async checkpointPrefix(
    modelKey: string,
    modelPath: string,
    sequence: LlamaContextSequence,
    prompt: Token[],
    stableLength: number,
    signal: AbortSignal,
  ): Promise<void> {
    if (stableLength < MIN_SAVED_TOKENS || stableLength >= prompt.length) return;
    const best = this.store.best(modelKey, prompt);
    if (best && best.shared >= stableLength) return;
    const held = sequence.compareContextTokens(prompt).firstDifferentIndex;
    if (held > stableLength) return; // it holds more than the prefix: the end-of-turn save covers it
    if (sequence.nextTokenIndex > held)
      await sequence.eraseContextTokenRanges([{ start: held, end: sequence.nextTokenIndex }]);
    for (let start = held; start < stableLength; start += PREFIX_SLICE) {
      if (signal.aborted) return;
      await sequence.evaluateWithoutGeneratingNewTokens(
        prompt.slice(start, Math.min(stableLength, start + PREFIX_SLICE)),
      );
    }
    await this.save(modelKey, modelPath, sequence, 'prefix');
  }

  /** Saves what `sequence` holds (the end of a turn). The native write holds the sequence; the rest does not. */
  async save(
    modelKey: string,
    modelPath: string,
    sequence: LlamaContextSequence,
    kind: StateEntryMeta['kind'],
  ): Promise<void> {
    const tokens = [...sequence.contextTokens];
    if (tokens.length < MIN_SAVED_TOKENS) return;
    const tokensHash = hashTokens(tokens);
    if (this.store.list().some((entry) => entry.modelKey === modelKey && entry.tokensHash === tokensHash)) return;
    const temp = this.store.tempPath();
    try {
      await sequence.saveStateToFile(temp);
    } catch (error) {
      this.log('warn', `the prompt state could not be saved: ${describeError(error)}`);
      return;
    }
    this.saves += 1;
    void this.store
      .add(temp, { modelKey, modelPath, tokensHash, tokens, kind })
      .catch((error: unknown) => this.log('warn', `a saved prompt state was not kept: ${describeError(error)}`));
  }
}
