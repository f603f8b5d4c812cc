/**
 * One generation: take a free sequence of the model, run LlamaChat over the request's history, stream
 * coalesced deltas, and return text, function calls (never executed here) and metrics.
 */
import {
  type ChatHistoryItem,
  type ChatModelFunctions,
  type ChatWrapper,
  type GbnfJsonSchema,
  type Llama,
  LlamaChat,
  type LLamaChatGenerateResponseOptions,
  type LlamaChatResponse,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { GenerateRequest, GenerateResult } from '../../../../src-preload/contract/inference';
import { RequiredFunctionCallChatWrapper, toChatHistory } from './chatHistory';
import { scorableChoices, scoreChoices } from './choiceScoring';
import { DeltaCoalescer } from './deltaCoalescer';
import { describeError } from './errors';
import { GenerationClock } from './generationClock';
import { excerptLastMessage } from './messageExcerpt';
import { cachedGrammar } from './grammarCache';
import { PhaseTimer } from './phaseTimer';
import { replyBudget } from './promptBudget';
import type { SequencePool } from './sequencePool';
import type { PredictorKind } from './tokenPredictors';
import type { PromptStateCache } from './promptCache/promptStateCache';
import { commonPrefixLength } from './promptCache/tokenPrefix';
import type { CallDelta } from '../protocol';

export type DeltaSink = (delta: string, tokens: number, call?: CallDelta) => void;

export interface GenerationInput {
  llama: Llama;
  model: LlamaModel;
  pool: SequencePool<LlamaContextSequence>;
  /** Resolved once per model (its template probed first); awaited before a sequence is taken. */
  chatWrapper: Promise<ChatWrapper>;
  /** The sequences' token predictor, so metrics can report how many predicted tokens held. */
  predictor?: PredictorKind | null;
  request: GenerateRequest;
  functionCall: 'auto' | 'required';
  signal: AbortSignal;
  onDelta: DeltaSink;
  /** The persistent prompt cache and this model's key in it; absent when off or the model hash is not known yet. */
  promptCache?: { cache: PromptStateCache; modelKey: string; modelPath: string } | undefined;
}

export type Constraint = { grammar?: LlamaGrammar; functions?: undefined } | { functions: ChatModelFunctions };

interface ChatOutcome {
  text: string;
  functionCalls: GenerateResult['functionCalls'];
  stopReason: LlamaChatResponse['metadata']['stopReason'];
  stopSequence?: string;
}

/** The custom stop trigger that ended the reply, as text (it may be split into tokens and strings). */
function stopSequenceOf(metadata: LlamaChatResponse['metadata']): string | undefined {
  if (metadata.stopReason !== 'customStopTrigger') return undefined;
  return metadata.customStopTrigger.filter((part): part is string => typeof part === 'string').join('');
}

async function compileSchema(llama: Llama, schema: Record<string, unknown>, what: string): Promise<LlamaGrammar> {
  try {
    return await cachedGrammar(llama, `schema:${JSON.stringify(schema)}`, () =>
      llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema),
    );
  } catch (error) {
    throw new OutpostError('bad_request', `${what} is not a supported JSON schema: ${describeError(error)}`);
  }
}

/** Grammar or function definitions for the request, compiled before a sequence is taken. */
export async function prepareConstraint(
  llama: Llama,
  request: Pick<GenerateRequest, 'responseFormat' | 'functions'>,
  functionCall: 'auto' | 'required',
): Promise<Constraint> {
  const format = request.responseFormat;
  const functions = request.functions && Object.keys(request.functions).length > 0 ? request.functions : undefined;
  if (functions && format.type !== 'text')
    throw new OutpostError('bad_request', 'functions and a constrained responseFormat cannot be combined');
  if (functionCall === 'required' && !functions)
    throw new OutpostError('bad_request', 'functionCall "required" needs at least one function');
  if (format.type === 'json_schema') return { grammar: await compileSchema(llama, format.schema, 'responseFormat') };
  if (format.type === 'grammar') {
    try {
      return {
        grammar: await cachedGrammar(llama, `gbnf:${format.gbnf}`, () => llama.createGrammar({ grammar: format.gbnf })),
      };
    } catch (error) {
      throw new OutpostError('bad_request', `responseFormat grammar is invalid: ${describeError(error)}`);
    }
  }
  if (!functions) return {};
  const definitions: Record<string, ChatModelFunctions[string]> = {};
  for (const [name, definition] of Object.entries(functions)) {
    // Compiling each params schema up front turns a bad schema into bad_request, not a mid-stream failure.
    if (definition.params) await compileSchema(llama, definition.params, `params of function ${name}`);
    definitions[name] = {
      ...(definition.description === undefined ? {} : { description: definition.description }),
      ...(definition.params === undefined ? {} : { params: definition.params as GbnfJsonSchema }),
    };
  }
  return { functions: definitions };
}

function finishReason(outcome: ChatOutcome): GenerateResult['finishReason'] {
  if (outcome.functionCalls.length > 0) return 'functionCalls';
  switch (outcome.stopReason) {
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'aborted';
    case 'functionCalls':
      return 'functionCalls';
    default:
      return 'stop';
  }
}

type ResponseOptions = Pick<
  LLamaChatGenerateResponseOptions,
  | 'signal'
  | 'stopOnAbortSignal'
  | 'maxTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'minP'
  | 'seed'
  | 'repeatPenalty'
  | 'customStopTriggers'
  | 'onToken'
  | 'onTextChunk'
  | 'onResponseChunk'
  | 'contextShift'
>;

/** LlamaChat types grammar and functions as exclusive option shapes; this picks the matching call. */
async function respond(
  chat: LlamaChat,
  history: ChatHistoryItem[],
  constraint: Constraint,
  options: ResponseOptions,
  required: boolean,
  onParams: (chunk: { callIndex: number; functionName: string; paramsChunk: string }) => void,
): Promise<ChatOutcome> {
  if (constraint.functions) {
    const response = await chat.generateResponse(history, {
      ...options,
      functions: constraint.functions,
      onFunctionCallParamsChunk: onParams,
      ...(required ? { maxParallelFunctionCalls: 1 } : {}),
    });
    return {
      text: response.response,
      functionCalls: (response.functionCalls ?? []).map((call) => ({ name: call.functionName, params: call.params })),
      stopReason: response.metadata.stopReason,
      stopSequence: stopSequenceOf(response.metadata),
    };
  }
  const response = await chat.generateResponse(history, { ...options, grammar: constraint.grammar });
  return {
    text: response.response,
    functionCalls: [],
    stopReason: response.metadata.stopReason,
    stopSequence: stopSequenceOf(response.metadata),
  };
}

/** The prompt exactly as the chat wrapper renders it (functions documented in the system text), as tokens. */
export function renderPromptTokens(
  chatWrapper: ChatWrapper,
  history: ChatHistoryItem[],
  constraint: Constraint,
  model: LlamaModel,
): Token[] {
  const { contextText } = chatWrapper.generateContextState({
    chatHistory: history,
    availableFunctions: constraint.functions,
  });
  return contextText.tokenize(model.tokenizer);
}

/**
 * Tokens of the system prompt + tool definitions: the part two prompts with the same system message share
 * whatever the conversation holds (rendered with two different user messages; 0 without a system message).
 */
function stablePrefixLength(
  chatWrapper: ChatWrapper,
  history: ChatHistoryItem[],
  constraint: Constraint,
  model: LlamaModel,
  prompt: Token[],
): number {
  const system = history[0];
  if (system?.type !== 'system') return 0;
  const probe = (text: string) => renderPromptTokens(chatWrapper, [system, { type: 'user', text }], constraint, model);
  const shared = commonPrefixLength(probe('A'), probe('B'));
  return Math.min(shared, commonPrefixLength(probe('A'), prompt));
}

export async function runGeneration(input: GenerationInput): Promise<GenerateResult> {
  const { request, signal } = input;
  const clock = new GenerationClock();
  const timer = new PhaseTimer();
  const constraint: Constraint = await prepareConstraint(input.llama, request, input.functionCall);
  const baseWrapper = await input.chatWrapper;
  timer.end('constraintMs');
  let streamed = '';
  const coalescer = new DeltaCoalescer(input.onDelta);
  const aborted = (): GenerateResult => ({
    requestId: request.requestId,
    text: streamed,
    finishReason: 'aborted',
    functionCalls: [],
    metrics: clock.metrics({ usedInputTokens: 0, usedOutputTokens: 0 }),
  });

  const chatWrapper =
    input.functionCall === 'required' ? new RequiredFunctionCallChatWrapper(baseWrapper) : baseWrapper;
  const history = toChatHistory(excerptLastMessage(request.messages, request.lastMessageTokens, input.model));
  // Rendered before a sequence is chosen: the pool picks the one already holding the longest prefix of it.
  let prompt: Token[];
  try {
    prompt = renderPromptTokens(chatWrapper, history, constraint, input.model);
  } catch (error) {
    throw new OutpostError('internal', `Generation failed: ${describeError(error)}`);
  }
  const promptTokens = prompt.length;
  const choiceTokens = scorableChoices(request, input.model);
  timer.end('renderMs');
  if (request.countOnly) {
    return { ...aborted(), finishReason: 'stop', metrics: { ...aborted().metrics, promptTokensTotal: promptTokens } };
  }
  let sequence: LlamaContextSequence;
  try {
    sequence = await input.pool.acquire(signal, {
      promptTokens,
      sharedPrefix: (candidate) => candidate.compareContextTokens(prompt).firstDifferentIndex,
    });
  } catch (error) {
    if (signal.aborted && !(error instanceof OutpostError && error.code === 'not_loaded')) return aborted();
    throw error;
  }
  timer.end('queueMs');
  // A choice among labels is scored from one forward pass; everything else runs LlamaChat's generation loop.
  const chat = choiceTokens ? undefined : new LlamaChat({ contextSequence: sequence, chatWrapper });
  const meterBefore = sequence.tokenMeter.getState();
  const predictionsBefore = sequence.tokenPredictions;
  clock.sequenceAcquired();
  const { promptCache } = input;
  try {
    const { sampling } = request;
    const maxTokens = replyBudget({ promptTokens, contextSize: sequence.contextSize, maxTokens: sampling.maxTokens });
    let cachedPromptTokens = Math.min(sequence.compareContextTokens(prompt).firstDifferentIndex, promptTokens);
    let restoredPromptTokens = 0;
    if (promptCache) {
      const { cache, modelKey, modelPath } = promptCache;
      const restored = await cache.restore(modelKey, sequence, prompt, cachedPromptTokens);
      cachedPromptTokens = Math.min(restored.cached, promptTokens);
      restoredPromptTokens = Math.min(restored.restored, promptTokens);
      const stable = stablePrefixLength(chatWrapper, history, constraint, input.model, prompt);
      if (cachedPromptTokens < stable)
        await cache.checkpointPrefix(modelKey, modelPath, sequence, prompt, stable, signal);
    }
    timer.end('cacheMs');
    let generatedAny = false;
    const tokenSeen = () => {
      if (generatedAny) return;
      generatedAny = true;
      timer.end('evalMs');
    };
    const options: ResponseOptions = {
      signal,
      stopOnAbortSignal: true,
      maxTokens,
      temperature: sampling.temperature,
      topP: sampling.topP,
      topK: sampling.topK,
      minP: sampling.minP,
      seed: sampling.seed,
      repeatPenalty: sampling.repeatPenalty === undefined ? undefined : { penalty: sampling.repeatPenalty },
      customStopTriggers: request.stop.length > 0 ? request.stop : undefined,
      onToken: (tokens) => {
        tokenSeen();
        clock.firstToken();
        coalescer.pushTokens(tokens.length);
      },
      onTextChunk: (text) => {
        streamed += text;
        coalescer.pushText(text);
      },
      onResponseChunk: () => {
        tokenSeen();
        clock.firstToken();
      },
      // Should the history ever need shifting, the system prompt + tools stay first so their state stays reusable.
      contextShift: { strategy: 'eraseFirstResponseAndKeepFirstSystem' },
    };
    const required = input.functionCall === 'required';
    // Argument chunks go out as they are written, after any text before them. Raw newlines are only JSON
    // whitespace (and the grammar's end marker), so dropping them keeps the concatenation valid JSON.
    const onParams = (chunk: { callIndex: number; functionName: string; paramsChunk: string }) => {
      tokenSeen();
      clock.firstToken();
      coalescer.flush();
      const args = chunk.paramsChunk.replace(/\n/g, '');
      input.onDelta('', 0, { index: chunk.callIndex, name: chunk.functionName, args });
    };
    let outcome: ChatOutcome;
    if (chat) outcome = await respond(chat, history, constraint, options, required, onParams);
    else {
      const index = await scoreChoices(sequence, prompt, choiceTokens!);
      tokenSeen();
      clock.firstToken();
      const text = index < 0 ? '' : request.choices![index]!;
      outcome = { text, functionCalls: [], stopReason: signal.aborted ? 'abort' : 'eogToken' };
    }
    // Text held back for stop-trigger detection may be missing from the stream; send it so deltas add up.
    if (outcome.text.startsWith(streamed) && outcome.text.length > streamed.length) {
      coalescer.pushText(outcome.text.slice(streamed.length));
      streamed = outcome.text;
    }
    coalescer.flush();
    const finish = finishReason(outcome);
    timer.end(generatedAny ? 'decodeMs' : 'evalMs');
    if (promptCache && finish !== 'aborted' && request.saveTurnState !== false)
      await promptCache.cache.save(promptCache.modelKey, promptCache.modelPath, sequence, 'turn');
    timer.end('saveMs');
    return {
      requestId: request.requestId,
      text: outcome.text,
      finishReason: finish,
      functionCalls: outcome.functionCalls,
      ...(outcome.stopSequence ? { stopSequence: outcome.stopSequence } : {}),
      // The whole prompt; the meter counts only what had to be evaluated (the rest came from the cache).
      metrics: {
        ...clock.metrics(chat ? sequence.tokenMeter.diff(meterBefore) : scoredCounts(sequence, meterBefore, outcome)),
        promptTokensTotal: promptTokens,
        cachedPromptTokens,
        ...predictionMetrics(input.predictor, predictionsBefore, sequence.tokenPredictions),
        ...(promptCache ? { restoredPromptTokens } : {}),
      },
      phases: timer.phases(),
    };
  } catch (error) {
    coalescer.flush();
    if (signal.aborted) return { ...aborted(), metrics: clock.metrics(sequence.tokenMeter.diff(meterBefore)) };
    if (error instanceof OutpostError) throw error;
    // The budget above should make this unreachable; if node-llama-cpp still runs out of room, say so typed.
    if (/context shift/i.test(describeError(error))) {
      throw new OutpostError('context_overflow', `The reply ran out of context: ${describeError(error)}`, {
        reason: 'reply_too_long',
        contextSize: sequence.contextSize,
      });
    }
    throw new OutpostError('internal', `Generation failed: ${describeError(error)}`);
  } finally {
    coalescer.dispose();
    chat?.dispose({ disposeSequence: false });
    input.pool.release(sequence);
  }
}

type MeterState = ReturnType<LlamaContextSequence['tokenMeter']['getState']>;

/** A scored choice: every token was prompt (the meter counts the one read for logits as output); the label is the reply. */
function scoredCounts(sequence: LlamaContextSequence, before: MeterState, outcome: ChatOutcome) {
  const used = sequence.tokenMeter.diff(before);
  return { usedInputTokens: used.usedInputTokens + used.usedOutputTokens, usedOutputTokens: outcome.text ? 1 : 0 };
}

type PredictionCounts = LlamaContextSequence['tokenPredictions'];

/** This generation's share of the sequence's running prediction counts. */
function predictionMetrics(
  predictor: PredictorKind | null | undefined,
  before: PredictionCounts,
  after: PredictionCounts,
): Pick<GenerateResult['metrics'], 'predictions'> {
  if (!predictor) return {};
  return {
    predictions: {
      predictor,
      validated: Math.max(0, after.validated - before.validated),
      refuted: Math.max(0, after.refuted - before.refuted),
    },
  };
}
