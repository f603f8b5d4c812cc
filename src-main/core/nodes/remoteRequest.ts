/** Maps Outpost's GenerateRequest onto an OpenAI chat-completions request, and tool-call deltas back to calls. */
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { OutpostError, type FunctionCall, type GenerateRequest } from '@contract';

export function toRemoteRequest(request: GenerateRequest, model: string): ChatCompletionCreateParamsStreaming {
  if (request.responseFormat.type === 'grammar') {
    throw new OutpostError('bad_request', 'A GBNF grammar only works on local models; remote nodes take JSON schemas', {
      modelId: request.modelId,
    });
  }
  const functions = Object.entries(request.functions ?? {});
  const s = request.sampling;
  return {
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: request.messages.flatMap(toRemoteMessages),
    ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
    ...(s.topP !== undefined ? { top_p: s.topP } : {}),
    ...(s.maxTokens !== undefined ? { max_tokens: s.maxTokens } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(request.stop.length > 0 ? { stop: request.stop } : {}),
    ...(request.responseFormat.type === 'json_schema'
      ? {
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'reply', schema: request.responseFormat.schema, strict: true },
          },
        }
      : {}),
    ...(functions.length > 0
      ? {
          tools: functions.map(([name, def]) => ({
            type: 'function' as const,
            function: {
              name,
              ...(def.description ? { description: def.description } : {}),
              parameters: def.params ?? { type: 'object', properties: {} },
            },
          })),
          tool_choice: request.functionCall === 'required' ? ('required' as const) : ('auto' as const),
        }
      : {}),
  };
}

/** An assistant turn with calls becomes the assistant message with tool_calls plus one tool message per result. */
function toRemoteMessages(message: GenerateRequest['messages'][number], index: number): ChatCompletionMessageParam[] {
  if (message.role !== 'assistant' || !message.functionCalls?.length) {
    return [{ role: message.role, content: message.content }];
  }
  const calls = message.functionCalls.map((call, k) => ({ ...call, id: `call_${index}_${k}` }));
  return [
    {
      role: 'assistant',
      content: message.content === '' ? null : message.content,
      tool_calls: calls.map((c) => ({
        id: c.id,
        type: 'function' as const,
        function: { name: c.name, arguments: JSON.stringify(c.params ?? {}) },
      })),
    },
    ...calls.map((c): ChatCompletionMessageParam => ({
      role: 'tool',
      tool_call_id: c.id,
      content: typeof c.result === 'string' ? c.result : JSON.stringify(c.result),
    })),
  ];
}

interface PartialCall {
  name: string;
  args: string;
}

/** Tool calls arrive as fragments keyed by index; names once, arguments in pieces. */
export class ToolCallCollector {
  private readonly calls = new Map<number, PartialCall>();

  add(fragment: { index: number; function?: { name?: string | null; arguments?: string | null } | null }): void {
    const call = this.calls.get(fragment.index) ?? { name: '', args: '' };
    if (fragment.function?.name) call.name += fragment.function.name;
    if (fragment.function?.arguments) call.args += fragment.function.arguments;
    this.calls.set(fragment.index, call);
  }

  get size(): number {
    return this.calls.size;
  }

  /** Arguments that are not JSON are passed on as text: the tool executor rejects them with its typed error. */
  result(): FunctionCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => ({ name: c.name, params: parseArgs(c.args) }));
  }
}

function parseArgs(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return text;
  }
}
