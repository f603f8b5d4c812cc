/** POST /v1/chat/completions: queue for the model, then answer as JSON or as an SSE stream of chunks. */
import type { Context } from 'hono';
import type { CompletionOutcome, PreparedCompletion } from './completionTypes';
import { chatLogprobsOf, toolCallId, usageOf } from './openaiMapping';
import type { ChatCompletionRequest } from './openaiSchemas';
import type { RequestQueue } from './requestQueue';
import type { ApiEnv } from './apiEnv';
import { linkedAbort, sseResponse } from './sseStream';

export interface ChatRouteDeps {
  queue: RequestQueue;
  now: () => number;
}

function completionBody(
  body: ChatCompletionRequest,
  prepared: PreparedCompletion,
  created: number,
  o: CompletionOutcome,
) {
  const hasCalls = o.toolCalls.length > 0;
  return {
    id: `chatcmpl-${prepared.requestId}`,
    object: 'chat.completion',
    created,
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: hasCalls && o.text.trim() === '' ? null : o.text,
          ...(hasCalls ? { tool_calls: o.toolCalls.map(({ index: _index, ...call }) => call) } : {}),
          ...(o.citations ? { citations: o.citations } : {}),
        },
        logprobs: chatLogprobsOf(o.logprobs),
        finish_reason: o.finishReason,
      },
    ],
    usage: usageOf(o),
  };
}

function record(c: Context<ApiEnv>, o: CompletionOutcome) {
  c.set('usage', { promptTokens: o.promptTokens, completionTokens: o.completionTokens });
}

export async function handleChat(
  c: Context<ApiEnv>,
  d: ChatRouteDeps,
  body: ChatCompletionRequest,
  prepared: PreparedCompletion,
): Promise<Response> {
  const controller = linkedAbort(c);
  const release = await d.queue.acquire(prepared.queueModelId, c.get('client'), controller.signal);
  const created = Math.floor(d.now() / 1000);
  if (!body.stream) {
    try {
      const outcome = await prepared.run(() => undefined, controller.signal);
      record(c, outcome);
      return c.json(completionBody(body, prepared, created, outcome));
    } finally {
      release();
    }
  }

  const base = { id: `chatcmpl-${prepared.requestId}`, object: 'chat.completion.chunk', created, model: body.model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, logprobs: unknown = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
  });
  return sseResponse(c, controller, {
    errorEvent: (error) => ({ data: error.body() }),
    settle: release,
    async run(send) {
      send(chunk({ role: 'assistant', content: '' }));
      // Tool calls stream as OpenAI does: the first chunk of a call names it, later ones add arguments.
      const streamedCalls = new Set<number>();
      const outcome = await prepared.run((text, call) => {
        if (call) {
          const first = !streamedCalls.has(call.index);
          streamedCalls.add(call.index);
          const id = toolCallId(prepared.requestId, call.index);
          const entry = first
            ? { index: call.index, id, type: 'function', function: { name: call.name, arguments: call.args } }
            : { index: call.index, function: { arguments: call.args } };
          if (first || call.args) send(chunk({ tool_calls: [entry] }));
        } else if (text) send(chunk({ content: text }));
      }, controller.signal);
      const unstreamed = outcome.toolCalls.filter((call) => !streamedCalls.has(call.index));
      if (unstreamed.length > 0) send(chunk({ tool_calls: unstreamed }));
      // Token probabilities and citations come with the result, so they ride on the closing chunk (the SDK's
      // stream helper copies unknown delta fields onto the final message).
      const closing = outcome.citations ? { citations: outcome.citations } : {};
      send(chunk(closing, outcome.finishReason, chatLogprobsOf(outcome.logprobs)));
      if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usageOf(outcome) });
      send('[DONE]');
      record(c, outcome);
    },
  });
}
