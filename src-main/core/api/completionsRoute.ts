/** POST /v1/completions (legacy): queue for the model, then answer as JSON or as an SSE stream of text chunks. */
import type { Context } from 'hono';
import type { ApiEnv } from './apiEnv';
import type { CompletionOutcome, PreparedCompletion } from './completionTypes';
import { legacyLogprobsOf, type CompletionRequest } from './legacyCompletions';
import type { RequestQueue } from './requestQueue';
import { linkedAbort, sseResponse } from './sseStream';

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
  const controller = linkedAbort(c);
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

  const chunk = (text: string, finish: string | null = null, logprobs: unknown = null) => ({
    ...base,
    choices: [{ text, index: 0, logprobs, finish_reason: finish }],
  });
  return sseResponse(c, controller, {
    errorEvent: (error) => ({ data: error.body() }),
    settle: release,
    async run(send) {
      if (echoed) send(chunk(echoed));
      const outcome = await prepared.run((text) => {
        if (text) send(chunk(text));
      }, controller.signal);
      // Token probabilities come with the result, so they ride on the closing chunk.
      send(chunk('', finishOf(outcome), legacyLogprobsOf(outcome.logprobs, echoed.length)));
      if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usageOf(outcome) });
      send('[DONE]');
      record(outcome);
    },
  });
}
