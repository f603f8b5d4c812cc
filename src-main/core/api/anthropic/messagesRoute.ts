/** POST /v1/messages: Anthropic's Messages API over the same pipeline, as JSON or as Anthropic's SSE events. */
import type { Context } from 'hono';
import type { ApiEnv } from '../apiEnv';
import type { CompletionOutcome, PreparedCompletion } from '../completionTypes';
import type { RequestQueue } from '../requestQueue';
import { linkedAbort, sseResponse } from '../sseStream';
import { toolCallId } from '../openaiMapping';
import { stopReasonOf, toolUseBlocks, toolUseId, usageOf } from './anthropicMapping';
import type { MessagesRequest } from './anthropicSchemas';

export interface MessagesRouteDeps {
  queue: RequestQueue;
}

function messageBody(body: MessagesRequest, prepared: PreparedCompletion, o: CompletionOutcome) {
  const text = o.toolCalls.length > 0 && o.text.trim() === '' ? [] : [{ type: 'text' as const, text: o.text }];
  return {
    id: `msg_${prepared.requestId}`,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [...text, ...toolUseBlocks(o)],
    ...stopReasonOf(o),
    usage: usageOf(o),
    ...(o.citations ? { citations: o.citations } : {}),
  };
}

function record(c: Context<ApiEnv>, o: CompletionOutcome) {
  c.set('usage', { promptTokens: o.promptTokens, completionTokens: o.completionTokens });
}

export async function handleMessages(
  c: Context<ApiEnv>,
  d: MessagesRouteDeps,
  body: MessagesRequest,
  prepared: PreparedCompletion,
): Promise<Response> {
  const controller = linkedAbort(c);
  const release = await d.queue.acquire(prepared.queueModelId, c.get('client'), controller.signal);
  if (!body.stream) {
    try {
      const outcome = await prepared.run(() => undefined, controller.signal);
      record(c, outcome);
      return c.json(messageBody(body, prepared, outcome));
    } finally {
      release();
    }
  }

  return sseResponse(c, controller, {
    errorEvent: (error) => ({ event: 'error', data: error.anthropicBody() }),
    settle: release,
    run: (sendRaw) =>
      streamMessage(c, body, prepared, controller.signal, (event, data) => sendRaw({ type: event, ...data }, event)),
  });
}

/** Anthropic's event sequence for one reply. */
async function streamMessage(
  c: Context<ApiEnv>,
  body: MessagesRequest,
  prepared: PreparedCompletion,
  signal: AbortSignal,
  send: (event: string, data: Record<string, unknown>) => void,
): Promise<void> {
  // Content blocks open as they begin: text, then a tool_use block per call whose input streams as it is
  // written (input_json_delta); a block closes when the next one opens.
  let index = -1;
  let textOpen = false;
  const toolBlocks = new Map<number, number>();
  let openTool: number | null = null;
  const closeOpen = () => {
    if (textOpen || openTool !== null) send('content_block_stop', { index });
    textOpen = false;
    openTool = null;
  };
  send('message_start', {
    message: {
      id: `msg_${prepared.requestId}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    },
  });
  send('ping', {});
  const outcome = await prepared.run((text, call) => {
    if (call) {
      if (!toolBlocks.has(call.index)) {
        closeOpen();
        index += 1;
        toolBlocks.set(call.index, index);
        openTool = call.index;
        const id = toolUseId(toolCallId(prepared.requestId, call.index));
        send('content_block_start', { index, content_block: { type: 'tool_use', id, name: call.name, input: {} } });
      }
      if (call.args && openTool === call.index) {
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: call.args } });
      }
      return;
    }
    if (!text) return;
    if (!textOpen) {
      closeOpen();
      index += 1;
      textOpen = true;
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
    }
    send('content_block_delta', { index, delta: { type: 'text_delta', text } });
  }, signal);
  closeOpen();
  for (const [i, block] of toolUseBlocks(outcome).entries()) {
    if (toolBlocks.has(i)) continue;
    index += 1;
    send('content_block_start', { index, content_block: { ...block, input: {} } });
    send('content_block_delta', {
      index,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
    });
    send('content_block_stop', { index });
  }
  send('message_delta', {
    delta: stopReasonOf(outcome),
    usage: usageOf(outcome),
    ...(outcome.citations ? { citations: outcome.citations } : {}),
  });
  send('message_stop', {});
  record(c, outcome);
}
