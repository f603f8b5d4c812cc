/**
 * Background warm of a conversation's prompt prefix (system prompt + tools + the history so far): the part every
 * next turn starts with, found by rendering the messages with two different placeholder user messages. It goes
 * into a free sequence — restored from the prompt cache, else evaluated in small low-priority slices — and stops
 * between slices as soon as a real request for the model arrives (llamaRuntime aborts it) or the host cancels.
 */
import type { ChatWrapper, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { WarmRequest, WarmResult } from '../../../../src-preload/contract/inference';
import { toChatHistory } from './chatHistory';
import { renderPromptTokens, type Constraint } from './generate';
import type { GenerationPromptCache } from './runtimePromptCache';
import type { SequencePool } from './sequencePool';
import { commonPrefixLength } from './promptCache/tokenPrefix';

/** Tokens per slice: a real request waits at most one slice's evaluation (tens of ms at 0.5B on a CPU). */
export const WARM_SLICE_TOKENS = 32;
/** Below this a prefix is cheaper to evaluate with the turn than to warm. */
export const MIN_WARM_TOKENS = 16;

export interface WarmInput {
  model: LlamaModel;
  pool: SequencePool<LlamaContextSequence>;
  chatWrapper: Promise<ChatWrapper>;
  /** Function definitions exactly as a turn passes them (they are documented in the rendered system text). */
  constraint: Constraint;
  promptCache?: GenerationPromptCache | undefined;
  request: WarmRequest;
  signal: AbortSignal;
}

/** The tokens every prompt continuing `request.messages` with one more user message starts with. */
export function warmPrefixTokens(chatWrapper: ChatWrapper, model: LlamaModel, input: WarmInput): Token[] {
  const probe = (text: string) =>
    renderPromptTokens(
      chatWrapper,
      toChatHistory([...input.request.messages, { role: 'user', content: text }]),
      input.constraint,
      model,
    );
  const a = probe('A');
  return a.slice(0, commonPrefixLength(a, probe('B')));
}

const result = (
  outcome: WarmResult['outcome'],
  prefixTokens: number,
  evaluatedTokens: number,
  reason?: string,
): WarmResult => ({ outcome, prefixTokens, evaluatedTokens, ...(reason ? { reason } : {}) });

export async function warmPrefix(input: WarmInput): Promise<WarmResult> {
  const { pool, signal, promptCache } = input;
  const chatWrapper = await input.chatWrapper;
  const prefix = warmPrefixTokens(chatWrapper, input.model, input);
  if (prefix.length < MIN_WARM_TOKENS) return result('skipped', 0, 0, 'the prefix is too short to be worth it');
  if (signal.aborted) return result('stopped', 0, 0);
  // Background work never waits for a sequence nor runs beside a generation of the same model.
  if (pool.busy > 0) return result('skipped', 0, 0, 'the model is answering');
  const sequence = pool.tryAcquire({
    promptTokens: prefix.length,
    sharedPrefix: (candidate) => candidate.compareContextTokens(prefix).firstDifferentIndex,
  });
  if (!sequence) return result('skipped', 0, 0, 'no free sequence');
  try {
    let held = Math.min(sequence.compareContextTokens(prefix).firstDifferentIndex, prefix.length);
    if (held === prefix.length) return result('held', held, 0);
    if (promptCache) {
      const restored = await promptCache.cache.restore(promptCache.modelKey, sequence, prefix, held);
      held = Math.min(restored.cached, prefix.length);
      if (held === prefix.length) return result('restored', held, 0);
    }
    // Whatever the sequence holds past the shared part belongs to another prompt: drop it, then fill in slices.
    if (sequence.nextTokenIndex > held)
      await sequence.eraseContextTokenRanges([{ start: held, end: sequence.nextTokenIndex }]);
    const startedAt = held;
    for (let start = held; start < prefix.length; start += WARM_SLICE_TOKENS) {
      if (signal.aborted) return result('stopped', sequence.nextTokenIndex, sequence.nextTokenIndex - startedAt);
      await sequence.evaluateWithoutGeneratingNewTokens(
        prefix.slice(start, Math.min(prefix.length, start + WARM_SLICE_TOKENS)),
        { evaluationPriority: 1 },
      );
    }
    if (promptCache && !signal.aborted)
      await promptCache.cache.save(promptCache.modelKey, promptCache.modelPath, sequence, 'prefix');
    return result('evaluated', prefix.length, prefix.length - startedAt);
  } finally {
    pool.release(sequence);
  }
}
