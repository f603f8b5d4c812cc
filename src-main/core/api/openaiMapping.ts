/** OpenAI chat requests in, Outpost's GenerateRequest out (and back): the one place the two shapes meet. */
import type { ChatMessage, GenerateRequest, GenerateResult, TokenLogprob } from '@contract';
import { toGrammarSchema, UnsupportedSchemaError } from '../lib/jsonSchemaSubset';
import { badRequest } from './openaiErrors';
import type { ChatCompletionRequest, OpenAiMessage } from './openaiSchemas';

// OpenAI's rule for function names.
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A client's JSON Schema as the grammar subset; what cannot be enforced is a 400 naming the keyword. */
export function grammarSchemaOf(schema: unknown, param: string): Record<string, unknown> {
  try {
    return toGrammarSchema(schema);
  } catch (error) {
    if (error instanceof UnsupportedSchemaError) {
      const where = error.path === '' ? param : `${param}${error.path.replaceAll('/', '.')}`;
      throw badRequest(`Unsupported JSON schema: ${error.message}`, where, 'unsupported_schema');
    }
    throw error;
  }
}

type Content = Extract<OpenAiMessage, { role: 'user' }>['content'] | undefined;

function textOf(content: Content, index: number): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, p) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text;
      throw badRequest(`Only text content is supported, not "${part.type}"`, `messages.${index}.content.${p}`);
    })
    .join('');
}

function parseArguments(text: string, param: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Tool call arguments must be a JSON string', param);
  }
}

/** Folds OpenAI's assistant tool_calls + tool messages into Outpost's assistant functionCalls with results. */
export function toChatMessages(messages: readonly OpenAiMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const pending = new Map<string, { name: string; params: unknown; result: unknown }>();
  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: textOf(message.content, i) });
        return;
      case 'user':
        out.push({ role: 'user', content: textOf(message.content, i) });
        return;
      case 'assistant': {
        const calls = (message.tool_calls ?? []).map((call, c) => {
          const entry = {
            name: call.function.name,
            params: parseArguments(call.function.arguments, `messages.${i}.tool_calls.${c}.function.arguments`),
            result: undefined as unknown,
          };
          pending.set(call.id, entry);
          return entry;
        });
        out.push({
          role: 'assistant',
          content: textOf(message.content, i),
          ...(calls.length > 0 ? { functionCalls: calls } : {}),
        });
        return;
      }
      case 'tool': {
        const call = pending.get(message.tool_call_id);
        if (!call) {
          throw badRequest(`No earlier assistant tool call has the id "${message.tool_call_id}"`, `messages.${i}`);
        }
        call.result = textOf(message.content, i);
        return;
      }
    }
  });
  if (!out.some((m) => m.role === 'user')) throw badRequest('messages must include a user message', 'messages');
  return out;
}

function functionsOf(body: ChatCompletionRequest): Pick<GenerateRequest, 'functions' | 'functionCall'> {
  const tools = body.tools ?? [];
  const choice = body.tool_choice ?? 'auto';
  if (tools.length === 0 || choice === 'none') {
    if (typeof choice === 'object' || choice === 'required') {
      throw badRequest('tool_choice needs at least one tool in tools', 'tool_choice');
    }
    return { functions: undefined, functionCall: 'auto' };
  }
  const functions: NonNullable<GenerateRequest['functions']> = {};
  tools.forEach((tool, i) => {
    const { name, description, parameters } = tool.function;
    if (!FUNCTION_NAME.test(name)) throw badRequest(`Invalid function name "${name}"`, `tools.${i}.function.name`);
    functions[name] = {
      description,
      ...(parameters === undefined ? {} : { params: grammarSchemaOf(parameters, `tools.${i}.function.parameters`) }),
    };
  });
  if (typeof choice === 'object') {
    const only = functions[choice.function.name];
    if (!only) throw badRequest(`tool_choice names an unknown tool "${choice.function.name}"`, 'tool_choice');
    return { functions: { [choice.function.name]: only }, functionCall: 'required' };
  }
  return { functions, functionCall: choice === 'required' ? 'required' : 'auto' };
}

function responseFormatOf(body: ChatCompletionRequest): GenerateRequest['responseFormat'] {
  const format = body.response_format;
  if (!format || format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json_schema', schema: grammarSchemaOf({ type: 'object' }, '') };
  return {
    type: 'json_schema',
    schema: grammarSchemaOf(format.json_schema.schema, 'response_format.json_schema.schema'),
  };
}

/** Agent models run whole turns through the chat runtime, which has no token probabilities to report. */
export function refuseUnsupported(body: ChatCompletionRequest): void {
  if (body.logprobs === true || (body.top_logprobs !== undefined && body.top_logprobs !== null)) {
    throw badRequest(
      'logprobs are available for installed models, not for agent models',
      body.logprobs === true ? 'logprobs' : 'top_logprobs',
      'unsupported_parameter',
    );
  }
}

/** `logprobs: true` (with `top_logprobs` alternatives) for an installed model; not with tools. */
export function logprobsOf(body: ChatCompletionRequest): GenerateRequest['logprobs'] {
  const top = body.top_logprobs ?? null;
  if (top !== null && (top < 0 || top > 20)) {
    throw badRequest('top_logprobs must be between 0 and 20', 'top_logprobs', 'invalid_value');
  }
  if (body.logprobs !== true) {
    if (top !== null) throw badRequest('top_logprobs needs logprobs: true', 'top_logprobs', 'invalid_value');
    return undefined;
  }
  if ((body.tools?.length ?? 0) > 0 && body.tool_choice !== 'none') {
    throw badRequest('logprobs cannot be combined with tools', 'logprobs', 'unsupported_parameter');
  }
  return { top: top ?? 0 };
}

export function toGenerateRequest(
  body: ChatCompletionRequest,
  ids: { requestId: string; modelId: string },
): GenerateRequest {
  if (body.n !== undefined && body.n !== null && body.n !== 1) throw badRequest('Only n = 1 is supported', 'n');
  const logprobs = logprobsOf(body);
  const stop =
    body.stop === undefined || body.stop === null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const seed = body.seed ?? undefined;
  return {
    requestId: ids.requestId,
    modelId: ids.modelId,
    messages: toChatMessages(body.messages),
    sampling: {
      ...(body.temperature != null ? { temperature: body.temperature } : {}),
      ...(body.top_p != null ? { topP: body.top_p } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      // OpenAI seeds may be negative or 64-bit; llama.cpp takes an unsigned 32-bit one.
      ...(seed !== undefined ? { seed: ((seed % 2 ** 32) + 2 ** 32) % 2 ** 32 } : {}),
    },
    stop,
    responseFormat: responseFormatOf(body),
    ...functionsOf(body),
    ...(logprobs ? { logprobs } : {}),
    origin: 'api',
  };
}

export type OpenAiFinish = 'stop' | 'length' | 'tool_calls';

export function finishReasonOf(result: Pick<GenerateResult, 'finishReason'>): OpenAiFinish {
  if (result.finishReason === 'functionCalls') return 'tool_calls';
  if (result.finishReason === 'length') return 'length';
  return 'stop';
}

export const toolCallId = (requestId: string, index: number) => `call_${requestId.slice(0, 24)}_${index}`;

export function toolCallsOf(result: Pick<GenerateResult, 'functionCalls'>, requestId: string) {
  return result.functionCalls.map((call, index) => ({
    index,
    id: toolCallId(requestId, index),
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.params ?? {}) },
  }));
}

/** Chat completions' `choices[].logprobs`: one entry per generated token with its alternatives. */
export function chatLogprobsOf(logprobs: readonly TokenLogprob[] | undefined) {
  if (!logprobs) return null;
  return {
    content: logprobs.map((entry) => ({
      token: entry.token,
      logprob: entry.logprob,
      bytes: entry.bytes,
      top_logprobs: entry.top.map((alt) => ({ token: alt.token, logprob: alt.logprob, bytes: alt.bytes })),
    })),
    refusal: null,
  };
}

export function usageOf(metrics: { promptTokens: number; cachedTokens: number; completionTokens: number }) {
  return {
    prompt_tokens: metrics.promptTokens,
    completion_tokens: metrics.completionTokens,
    total_tokens: metrics.promptTokens + metrics.completionTokens,
    prompt_tokens_details: { cached_tokens: metrics.cachedTokens },
  };
}

/** Whole prompt and its cached part from a generation's metrics (older workers report only the evaluated part). */
export function promptUsageOf(metrics: GenerateResult['metrics']): { promptTokens: number; cachedTokens: number } {
  const total = metrics.promptTokensTotal ?? metrics.promptTokens;
  return { promptTokens: total, cachedTokens: Math.max(0, total - metrics.promptTokens) };
}
