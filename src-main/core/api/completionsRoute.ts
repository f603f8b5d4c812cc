/** POST /v1/completions (legacy): queue for the model, then answer as JSON or as an SSE stream of text chunks. */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiEnv } from './apiEnv';
import type { CompletionOutcome, PreparedCompletion } from './completionTypes';
import { legacyLogprobsOf, type CompletionRequest } from './legacyCompletions';
import { toApiError } from './openaiErrors';
import type { RequestQueue } from './requestQueue';

export interface CompletionsRouteDeps {
  queue: RequestQueue;
  now: () => number;
}

function usageOf(o: CompletionOutcome) {
  return {
    prompt_tokens: o.promptTokens,
    completion_tokens: o.completionTokens,
    total_tokens: o.promptTokens + o.completionTokens,
  };
}

/** Legacy completions have no tool calls: their finish reason is "stop" or "length". */
const finishOf = (o: CompletionOutcome) => (o.finishReason === 'length' ? 'length' : 'stop');

export async function handleCompletions(
  c: Context<ApiEnv>,
  d: CompletionsRouteDeps,
  body: CompletionRequest,
  prepared: PreparedCompletion,
): Promise<Response> {
  const controller = new AbortController();
  const clientSignal = c.req.raw.signal;
  if (clientSignal.aborted) controller.abort();
  else clientSignal.addEventListener('abort', () => controller.abort(), { once: true });
  const release = await d.queue.acquire(prepared.queueModelId, c.get('client'), controller.signal);
  const created = Math.floor(d.now() / 1000);
  const base = { id: `cmpl-${prepared.requestId}`, object: 'text_completion', created, model: body.model };
  const echoed = body.echo && typeof body.prompt === 'string' ? body.prompt : '';
  const record = (o: CompletionOutcome) =>
    c.set('usage', { promptTokens: o.promptTokens, completionTokens: o.completionTokens });

  if (!body.stream) {
    try {
      const outcome = await prepared.run(() => undefined, controller.signal);
      record(outcome);
      return c.json({
        ...base,
        choices: [
          {
            text: echoed + outcome.text,
            index: 0,
            logprobs: legacyLogprobsOf(outcome.logprobs, echoed.length),
            finish_reason: finishOf(outcome),
          },
        ],
        usage: usageOf(outcome),
      });
    } finally {
      release();
    }
  }

  c.set('stream', true);
  let finished!: () => void;
  c.set('streamDone', new Promise<void>((resolve) => (finished = resolve)));
  const chunk = (text: string, finish: string | null = null, logprobs: unknown = null) => ({
    ...base,
    choices: [{ text, index: 0, logprobs, finish_reason: finish }],
  });
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => controller.abort());
    let writes = Promise.resolve();
    const send = (payload: unknown) => {
      const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
      writes = writes.then(() => stream.writeSSE({ data }));
    };
    try {
      if (echoed) send(chunk(echoed));
      const outcome = await prepared.run((text) => {
        if (text) send(chunk(text));
      }, controller.signal);
      // Token probabilities come with the result, so they ride on the closing chunk.
      send(chunk('', finishOf(outcome), legacyLogprobsOf(outcome.logprobs, echoed.length)));
      if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usageOf(outcome) });
      send('[DONE]');
      record(outcome);
    } catch (error) {
      const apiError = toApiError(error);
      c.set('errorCode', apiError.code ?? apiError.type);
      c.set('streamStatus', apiError.status);
      if (!controller.signal.aborted) send(apiError.body());
    } finally {
      release();
      await writes.catch(() => undefined);
      finished();
    }
  });
}
