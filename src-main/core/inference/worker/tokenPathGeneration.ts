/**
 * Requests LlamaChat cannot serve: a raw prompt without the chat template (`rawPrompt`) or per-token
 * probabilities (`logprobs`). The chat template, when used, is rendered exactly as for a chat reply.
 */
import { type ChatWrapper, LlamaText, type LlamaModel, type Token } from 'node-llama-cpp';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { GenerateRequest, GenerateResult } from '../../../../src-preload/contract/inference';
import { toChatHistory } from './chatHistory';
import { DeltaCoalescer } from './deltaCoalescer';
import { describeError } from './errors';
import { type GenerationInput, prepareConstraint } from './generate';
import { GenerationClock } from './generationClock';
import { replyBudget } from './promptBudget';
import { generateTokens } from './tokenGeneration';
import { TokenStops } from './tokenStops';

interface RenderedPrompt {
  tokens: Token[];
  /** End-of-turn sequences of the chat template, as tokens. */
  tokenStops: Token[][];
}

function renderRaw(model: LlamaModel, prompt: string): RenderedPrompt {
  const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  const tokens = model.tokenize(prompt, false, bos === null ? undefined : 'trimLeadingSpace');
  const withBos = bos === null ? tokens : [bos, ...tokens];
  if (withBos.length === 0) throw new OutpostError('bad_request', 'The prompt is empty and the model has no BOS token');
  return { tokens: withBos, tokenStops: [] };
}

function renderChat(model: LlamaModel, chatWrapper: ChatWrapper, request: GenerateRequest): RenderedPrompt {
  const state = chatWrapper.generateContextState({ chatHistory: toChatHistory(request.messages) });
  return {
    tokens: state.contextText.tokenize(model.tokenizer),
    tokenStops: state.stopGenerationTriggers.map((trigger) =>
      LlamaText(trigger).tokenize(model.tokenizer, 'trimLeadingSpace'),
    ),
  };
}

/** Grammar stop triggers are text (e.g. the blank lines that end a JSON grammar). */
function textTriggers(triggers: readonly unknown[]): string[] {
  return triggers.flatMap((trigger) => (typeof trigger === 'string' ? [trigger] : []));
}

export async function runTokenPathGeneration(input: GenerationInput): Promise<GenerateResult> {
  const { request, signal } = input;
  if (request.functions && Object.keys(request.functions).length > 0) {
    throw new OutpostError('bad_request', 'logprobs and raw prompts cannot be combined with functions');
  }
  const clock = new GenerationClock();
  const constraint = await prepareConstraint(input.llama, request, 'auto');
  const chatWrapper = request.rawPrompt === undefined ? await input.chatWrapper : null;
  const empty = (finishReason: GenerateResult['finishReason'], promptTokensTotal?: number): GenerateResult => ({
    requestId: request.requestId,
    text: '',
    finishReason,
    functionCalls: [],
    metrics: { ...clock.metrics({ usedInputTokens: 0, usedOutputTokens: 0 }), promptTokensTotal },
  });

  let prompt: RenderedPrompt;
  try {
    prompt =
      chatWrapper === null
        ? renderRaw(input.model, request.rawPrompt ?? '')
        : renderChat(input.model, chatWrapper, request);
  } catch (error) {
    if (error instanceof OutpostError) throw error;
    throw new OutpostError('internal', `Generation failed: ${describeError(error)}`);
  }
  if (request.countOnly) return empty('stop', prompt.tokens.length);
  let sequence;
  try {
    // The free sequence already holding the longest prefix of this prompt, as for chat replies.
    sequence = await input.pool.acquire(signal, {
      promptTokens: prompt.tokens.length,
      sharedPrefix: (candidate) => candidate.compareContextTokens(prompt.tokens).firstDifferentIndex,
    });
  } catch (error) {
    if (signal.aborted && !(error instanceof OutpostError && error.code === 'not_loaded')) return empty('aborted');
    throw error;
  }
  clock.sequenceAcquired();
  const meterBefore = sequence.tokenMeter.getState();
  const coalescer = new DeltaCoalescer(input.onDelta);
  try {
    const maxTokens = replyBudget({
      promptTokens: prompt.tokens.length,
      contextSize: sequence.contextSize,
      maxTokens: request.sampling.maxTokens,
    });
    const cachedPromptTokens = sequence.compareContextTokens(prompt.tokens).firstDifferentIndex;
    const grammar = 'grammar' in constraint ? constraint.grammar : undefined;
    const outcome = await generateTokens({
      model: input.model,
      sequence,
      promptTokens: prompt.tokens,
      sampling: request.sampling,
      maxTokens,
      stops: new TokenStops(
        [...request.stop, ...textTriggers(grammar?.stopGenerationTriggers ?? [])],
        prompt.tokenStops,
      ),
      grammar,
      topLogprobs: request.logprobs?.top ?? null,
      signal,
      onFirstToken: () => clock.firstToken(),
      onText: (text, tokens) => {
        coalescer.pushTokens(tokens);
        coalescer.pushText(text);
      },
    });
    coalescer.flush();
    const finishReason = outcome.finish === 'length' ? 'length' : outcome.finish === 'aborted' ? 'aborted' : 'stop';
    return {
      requestId: request.requestId,
      text: outcome.text,
      finishReason,
      functionCalls: [],
      ...(outcome.stopSequence && request.stop.includes(outcome.stopSequence)
        ? { stopSequence: outcome.stopSequence }
        : {}),
      ...(outcome.logprobs ? { logprobs: outcome.logprobs } : {}),
      metrics: {
        ...clock.metrics(sequence.tokenMeter.diff(meterBefore)),
        promptTokensTotal: prompt.tokens.length,
        cachedPromptTokens: Math.min(cachedPromptTokens, prompt.tokens.length),
      },
    };
  } catch (error) {
    coalescer.flush();
    if (signal.aborted) return empty('aborted');
    if (error instanceof OutpostError) throw error;
    throw new OutpostError('internal', `Generation failed: ${describeError(error)}`);
  } finally {
    coalescer.dispose();
    input.pool.release(sequence);
  }
}
