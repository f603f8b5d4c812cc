/**
 * A generation driven token by token on a context sequence, for what LlamaChat does not expose: raw text
 * continuation (legacy completions) and per-token probabilities (`logprobs`).
 */
import {
  type LlamaContextSequence,
  type LlamaGrammar,
  LlamaGrammarEvaluationState,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import type { SamplingParams, TokenLogprob } from '../../../../src-preload/contract/inference';
import { logprobOf } from './logprobs';
import type { TokenStops } from './tokenStops';

export interface TokenGenerationInput {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  promptTokens: readonly Token[];
  sampling: SamplingParams;
  maxTokens: number;
  stops: TokenStops;
  grammar?: LlamaGrammar;
  /** Alternatives per token when logprobs were asked for; null when they were not. */
  topLogprobs: number | null;
  signal: AbortSignal;
  onFirstToken(): void;
  onText(text: string, tokens: number): void;
}

export interface TokenGenerationOutcome {
  text: string;
  finish: 'stop' | 'length' | 'aborted';
  stopSequence?: string;
  logprobs?: TokenLogprob[];
}

/** Reuses what the sequence already holds of the prompt; returns the tokens still to evaluate (at least one). */
async function alignSequence(sequence: LlamaContextSequence, promptTokens: readonly Token[]): Promise<Token[]> {
  const cached = promptTokens.slice(0, -1);
  const last = promptTokens.at(-1);
  if (last === undefined) throw new Error('empty prompt');
  if (cached.length === 0) {
    if (sequence.nextTokenIndex > 0)
      await sequence.eraseContextTokenRanges([{ start: 0, end: sequence.nextTokenIndex }]);
    return [last];
  }
  await sequence.adaptStateToTokens(cached, false);
  return [...cached.slice(sequence.nextTokenIndex), last];
}

export async function generateTokens(input: TokenGenerationInput): Promise<TokenGenerationOutcome> {
  const { model, sequence, sampling, stops, signal } = input;
  const wantLogprobs = input.topLogprobs !== null;
  const generated: Token[] = [];
  /** Text length before each generated token, so stops and logprobs can be cut at a token boundary. */
  const offsets: number[] = [];
  const logprobs: TokenLogprob[] = [];
  let text = '';
  let sent = 0;
  let tokensSinceSend = 0;
  const flush = (upTo: number) => {
    if (upTo <= sent) return;
    input.onText(text.slice(sent, upTo), tokensSinceSend);
    sent = upTo;
    tokensSinceSend = 0;
  };
  const outcome = (finish: TokenGenerationOutcome['finish'], end: number, stopSequence?: string) => {
    text = text.slice(0, end);
    if (input.grammar?.trimWhitespaceSuffix) text = text.trimEnd();
    flush(text.length);
    const kept = offsets.filter((offset) => offset < text.length).length;
    return {
      text,
      finish,
      ...(stopSequence === undefined ? {} : { stopSequence }),
      ...(wantLogprobs ? { logprobs: logprobs.slice(0, kept) } : {}),
    };
  };

  if (signal.aborted) return outcome('aborted', 0);
  const grammarEvaluationState = input.grammar
    ? new LlamaGrammarEvaluationState({ model, grammar: input.grammar })
    : undefined;
  const fresh = await alignSequence(sequence, input.promptTokens);
  const iterator = sequence.evaluateWithMetadata(
    fresh,
    { confidence: true, probabilities: (input.topLogprobs ?? 0) > 0 },
    {
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      minP: sampling.minP,
      seed: sampling.seed,
      grammarEvaluationState,
      ...(sampling.repeatPenalty === undefined
        ? {}
        : { repeatPenalty: { punishTokens: () => generated.slice(-64), penalty: sampling.repeatPenalty } }),
    },
  );
  try {
    for await (const next of iterator) {
      if (signal.aborted) return outcome('aborted', text.length);
      input.onFirstToken();
      offsets.push(text.length);
      generated.push(next.token);
      text = model.detokenize(generated, false, input.promptTokens.slice(-8));
      tokensSinceSend += 1;
      if (wantLogprobs) {
        const probabilities = 'probabilities' in next ? (next.probabilities as Map<Token, number>) : undefined;
        logprobs.push(logprobOf(model, next.token, next.confidence, probabilities, input.topLogprobs ?? 0));
      }
      const stop = stops.match(text, generated, (i) => offsets[i] ?? text.length);
      if (stop) return outcome('stop', stop.textEnd, stop.sequence);
      if (generated.length >= input.maxTokens) return outcome('length', text.length);
      flush(stops.safeLength(text));
    }
  } finally {
    await iterator.return(undefined).catch(() => undefined);
  }
  // The iterator ends when the model writes an end-of-generation token (not yielded, not part of the text).
  return outcome(signal.aborted ? 'aborted' : 'stop', text.length);
}
