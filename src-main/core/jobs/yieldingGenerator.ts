/**
 * Background generations yield to the user mid-reply: when a foreground chat starts on the same model, the
 * background generation is stopped at its next token, waits until the chat is done, and goes on from the text
 * it had (the worker continues a trailing assistant message). The user's request never shares decode batches
 * with a background reply (bench/jobs).
 */
import type { ChatMessage, GenerateRequest, GenerateResult, GenerationMetrics } from '@contract';
import { abortedResult } from '../inference/callRelay';
import type { GenerateOptions } from '../lifecycle/modelLifecycle';
import type { Generator } from './runLimits';

export interface ForegroundWatch {
  /** Resolves once no foreground chat streams on the model. */
  untilForegroundIdle(modelId: string, signal: AbortSignal): Promise<void>;
  /** Calls `listener` whenever a foreground chat uses the model; returns the unsubscribe. */
  onForeground(modelId: string, listener: () => void): () => void;
}

/**
 * Only plain text replies are paused and continued: a reply that may hold a tool call, follows a grammar or a
 * raw prompt is not cut (it only waits before it starts, as every background generation does).
 */
export function isResumable(request: GenerateRequest): boolean {
  const last = request.messages.at(-1);
  return (
    !request.functions &&
    request.responseFormat.type === 'text' &&
    request.rawPrompt === undefined &&
    request.logprobs === undefined &&
    !request.countOnly &&
    last?.role !== 'assistant'
  );
}

export function yieldingGenerator(inner: Generator, watch: ForegroundWatch): Generator {
  return {
    async generate(request: GenerateRequest, options: GenerateOptions): Promise<GenerateResult> {
      await watch.untilForegroundIdle(request.modelId, options.signal);
      if (!isResumable(request)) return inner.generate(request, options);
      const maxTokens = request.sampling.maxTokens;
      let text = '';
      let metrics: GenerationMetrics | null = null;
      for (let part = 0; ; part++) {
        // Cancelled (or out of wall time) while it waited for the user: it ends with what it wrote.
        if (options.signal.aborted) return stopped(request, text, metrics);
        const left = maxTokens === undefined ? undefined : maxTokens - (metrics?.completionTokens ?? 0);
        const pause = new AbortController();
        let paused = false;
        const stop = () => pause.abort();
        options.signal.addEventListener('abort', stop, { once: true });
        const off = watch.onForeground(request.modelId, () => {
          paused = true;
          pause.abort();
        });
        let result: GenerateResult | null = null;
        try {
          // A chat that started between the idle check and here: wait again before sending anything.
          if (!pause.signal.aborted) {
            result = await inner.generate(continuation(request, text, part, left), {
              ...options,
              signal: pause.signal,
            });
          }
        } catch (error) {
          // Stopped for the user before the worker answered: not an error of the run, go on after the chat.
          if (!paused || options.signal.aborted) throw error;
        } finally {
          off();
          options.signal.removeEventListener('abort', stop);
        }
        if (result) {
          text += result.text;
          metrics = metrics ? merged(metrics, result.metrics) : result.metrics;
          const more = left === undefined || left - result.metrics.completionTokens > 0;
          if (result.finishReason !== 'aborted' || !paused || options.signal.aborted || !more) {
            return { ...result, requestId: request.requestId, text, metrics };
          }
        }
        await watch.untilForegroundIdle(request.modelId, options.signal);
      }
    },
  };
}

/** The request again, with the text written so far as the assistant message to continue. */
function continuation(request: GenerateRequest, text: string, part: number, left: number | undefined): GenerateRequest {
  if (part === 0) return request;
  const prefill: ChatMessage[] = text ? [{ role: 'assistant', content: text }] : [];
  return {
    ...request,
    requestId: `${request.requestId.slice(0, 90)}~${part}`,
    messages: [...request.messages, ...prefill],
    sampling: { ...request.sampling, ...(left === undefined ? {} : { maxTokens: left }) },
  };
}

function stopped(request: GenerateRequest, text: string, metrics: GenerationMetrics | null): GenerateResult {
  const aborted = abortedResult(request);
  return { ...aborted, text, metrics: metrics ?? aborted.metrics };
}

function merged(a: GenerationMetrics, b: GenerationMetrics): GenerationMetrics {
  return {
    ...b,
    ttftMs: a.ttftMs ?? b.ttftMs,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalMs: a.totalMs + b.totalMs,
  };
}
