/** Small pieces of the client's call handling: AbortSignal → cancel message, and the no-op aborted result. */
import type { GenerateRequest, GenerateResult } from '../../../src-preload/contract/inference';

/** What a generation cancelled before it reached the worker returns. */
export function abortedResult(request: GenerateRequest): GenerateResult {
  return {
    requestId: request.requestId,
    text: '',
    finishReason: 'aborted',
    functionCalls: [],
    metrics: {
      ttftMs: null,
      promptTokens: 0,
      completionTokens: 0,
      promptTokensPerSecond: null,
      generationTokensPerSecond: null,
      totalMs: 0,
    },
  };
}

/** Relays an AbortSignal to the worker as a cancel message while `done` is pending. */
export async function relayAbort<T>(done: Promise<T>, signal: AbortSignal | undefined, cancel: () => void): Promise<T> {
  if (!signal) return done;
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await done;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
