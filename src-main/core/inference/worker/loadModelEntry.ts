/** Loads one model with its context, sequences, token predictors and lazily resolved chat wrapper. */
import {
  type ChatWrapper,
  GeneralChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  resolveChatWrapper,
} from 'node-llama-cpp';
import type { LoadOptions } from '../../../../src-preload/contract/models';
import type { ModelRef, ResolvedLoad } from '../protocol';
import { describeError, modelFailure } from './errors';
import type { LlamaLogTail } from './llamaLogTail';
import type { WorkerLog } from './openLlama';
import { SequencePool } from './sequencePool';
import { probeChatTemplate } from './templateProbe';
import { chooseThreads } from './threadCalibration';
import { createSequencePredictors, type SequencePredictors } from './tokenPredictors';

/** How long a request waits for one of a model's sequences before giving up with `busy`. */
const SEQUENCE_WAIT_TIMEOUT_MS = 120_000;

export interface LoadedModel {
  ref: ModelRef;
  options: LoadOptions;
  model: LlamaModel;
  context: LlamaContext;
  pool: SequencePool<LlamaContextSequence>;
  /** Resolved on first use: analysing the Jinja template takes 0.2–0.5 s, too long to hold up a load. */
  chatWrapper: () => Promise<ChatWrapper>;
  resolved: ResolvedLoad;
  /** In-flight generations (and warms): aborted and awaited by unload. */
  generations: Map<AbortController, Promise<unknown>>;
  /** Background warms of a prompt prefix: a generation aborts them before it starts. */
  warms: Set<AbortController>;
  /** Speculative decoding: each sequence's token predictor (and the draft model they share). */
  predictors: SequencePredictors;
  /** Its key in the prompt cache (model file hash + options + backend), null until hashed or when off. */
  cacheKey: string | null;
  cacheKeyReady: Promise<string | null>;
}

export const numericOrUndefined = (value: number | 'auto'): number | undefined =>
  value === 'auto' ? undefined : value;

export function sameLoad(a: LoadedModel, ref: ModelRef, options: LoadOptions): boolean {
  return a.ref.path === ref.path && JSON.stringify(a.options) === JSON.stringify(options);
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

/** 'auto' on the CPU: a short measurement per model and machine (cached); a failed one keeps the default. */
async function resolveThreads(
  llama: Llama,
  model: LlamaModel,
  ref: ModelRef,
  options: LoadOptions,
  signal: AbortSignal,
  log: WorkerLog,
) {
  if (options.threads !== 'auto' || llama.gpu !== false) return numericOrUndefined(options.threads);
  try {
    return await chooseThreads(llama, model, ref.path, signal);
  } catch (error) {
    signal.throwIfAborted();
    log('warn', `thread calibration failed, using the default: ${describeError(error)}`);
    return undefined;
  }
}

export async function loadModelEntry(
  runtime: { llama: Llama; errorLog: LlamaLogTail; log: WorkerLog },
  ref: ModelRef,
  options: LoadOptions,
  onProgress: (p: number) => void,
  signal: AbortSignal,
): Promise<LoadedModel> {
  const { llama, errorLog, log } = runtime;
  let model: LlamaModel | undefined;
  const logMark = errorLog.mark();
  try {
    model = await llama.loadModel({
      modelPath: ref.path,
      gpuLayers: options.gpuLayers,
      useMmap: options.mmap,
      useMlock: options.mlock,
      defaultContextFlashAttention: options.flashAttention,
      onLoadProgress: (progress) => onProgress(progress * 0.9),
      loadSignal: signal,
    });
    const threads = await resolveThreads(llama, model, ref, options, signal, log);
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
      llama,
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
      chatWrapper: lazyChatWrapper(model, log),
      generations: new Map(),
      warms: new Set(),
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
    throw modelFailure(error, ref.path, signal, errorLog.since(logMark));
  }
}
