/**
 * The one SSE answer every streaming route gives (chat, legacy completions, Anthropic messages): events go out in
 * the order they were sent, a client that goes away aborts the generation, and the request log learns when the
 * stream ended and with what status.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiEnv } from './apiEnv';
import { toApiError, type ApiError } from './openaiErrors';

/** Queues one event (objects as JSON, strings as they are); a send after the stream ended is dropped. */
export type SseSend = (data: unknown, event?: string) => void;

export interface SseWork {
  /** Writes the stream; a throw becomes the API's error event, unless the client is already gone. */
  run(send: SseSend): Promise<void>;
  /** The error as this API's stream carries it. */
  errorEvent(error: ApiError): { data: unknown; event?: string };
  /** Runs once the work ended, before the last events drain (e.g. frees the queue slot). */
  settle(): void;
}

/** An AbortController that aborts when the client's request does (disconnect, cancelled fetch). */
export function linkedAbort(c: Context<ApiEnv>): AbortController {
  const controller = new AbortController();
  const signal = c.req.raw.signal;
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}

export function sseResponse(c: Context<ApiEnv>, controller: AbortController, work: SseWork): Response {
  c.set('stream', true);
  let finished!: () => void;
  c.set('streamDone', new Promise<void>((resolve) => (finished = resolve)));
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => controller.abort());
    let ended = false;
    // Deltas arrive synchronously from the generation; writes are chained so events keep their order.
    let writes = Promise.resolve();
    const send: SseSend = (data, event) => {
      if (ended) return;
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      writes = writes.then(() => stream.writeSSE(event === undefined ? { data: text } : { event, data: text }));
    };
    try {
      await work.run(send);
    } catch (error) {
      const apiError = toApiError(error);
      c.set('errorCode', apiError.code ?? apiError.type);
      c.set('streamStatus', apiError.status);
      if (!controller.signal.aborted) {
        const { data, event } = work.errorEvent(apiError);
        send(data, event);
      }
    } finally {
      ended = true;
      work.settle();
      await writes.catch(() => undefined);
      finished();
    }
  });
}
