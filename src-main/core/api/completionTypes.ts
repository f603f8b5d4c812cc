/** What both kinds of `model` (an installed model or `agent:<slug>`) produce for the HTTP layer. */
import type { TokenLogprob } from '@contract';
import type { CallDelta } from '../inference/engine';
import type { ApiCitation } from './apiCitations';
import type { OpenAiFinish, toolCallsOf } from './openaiMapping';

export interface CompletionOutcome {
  text: string;
  finishReason: OpenAiFinish;
  toolCalls: ReturnType<typeof toolCallsOf>;
  /** The whole prompt, cached part included. */
  promptTokens: number;
  /** Prompt tokens reused from the sequence's cache instead of evaluated. */
  cachedTokens: number;
  completionTokens: number;
  /** The stop sequence that ended the reply, if one did. */
  stopSequence?: string | null;
  /** Per generated token, when the request asked for logprobs. */
  logprobs?: TokenLogprob[];
  /** Agent models: the knowledge passages the answer used (the `citations` extension field). */
  citations?: ApiCitation[];
}

export interface PreparedCompletion {
  /** The id the request is known by (also the generation's request id). */
  requestId: string;
  /** The model whose sequences the request occupies, for queueing. */
  queueModelId: string;
  /** `call` carries a tool call's argument chunk as it is generated (text is then ''). */
  run(onDelta: (text: string, call?: CallDelta) => void, signal: AbortSignal): Promise<CompletionOutcome>;
  /** Tokens the prompt takes on the model (Anthropic's count_tokens), without generating. */
  countPromptTokens?(signal: AbortSignal): Promise<number>;
}

export const AGENT_PREFIX = 'agent:';
