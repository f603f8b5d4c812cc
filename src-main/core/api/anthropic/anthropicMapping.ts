/**
 * Anthropic Messages requests → the OpenAI-shaped request the completion pipeline already runs (same models,
 * agents, queue and limits), and its outcome → Anthropic's message shape.
 */
import { z } from 'zod';
import { tryParseJson } from '../../lib/jsonText';
import type { CompletionOutcome } from '../completionTypes';
import { badRequest } from '../openaiErrors';
import { ChatCompletionRequest, describeIssue } from '../openaiSchemas';
import type { AnthropicMessage, ContentBlock, CountTokensRequest, MessagesRequest } from './anthropicSchemas';

type OpenAiMessage = Record<string, unknown>;

function blockText(content: Extract<ContentBlock, { type: 'tool_result' }>['content']): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : `[${part.type} omitted]`)).join('');
}

function unsupported(block: { type: string }, param: string): never {
  throw badRequest(
    `Content blocks of type "${block.type}" are not supported: send text, tool_use and tool_result blocks`,
    param,
    'unsupported_content',
  );
}

function userMessages(message: AnthropicMessage, i: number): OpenAiMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const out: OpenAiMessage[] = [];
  const text: string[] = [];
  message.content.forEach((block, b) => {
    const param = `messages.${i}.content.${b}`;
    if (block.type === 'text') text.push((block as { text: string }).text);
    else if (block.type === 'tool_result') {
      const result = block as Extract<ContentBlock, { type: 'tool_result' }>;
      const body = blockText(result.content);
      out.push({ role: 'tool', tool_call_id: result.tool_use_id, content: result.is_error ? `Error: ${body}` : body });
    } else unsupported(block, param);
  });
  if (text.length > 0) out.push({ role: 'user', content: text.join('\n') });
  return out;
}

function assistantMessage(message: AnthropicMessage, i: number): OpenAiMessage {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  const text: string[] = [];
  const calls: unknown[] = [];
  message.content.forEach((block, b) => {
    if (block.type === 'text') text.push((block as { text: string }).text);
    else if (block.type === 'tool_use') {
      const use = block as Extract<ContentBlock, { type: 'tool_use' }>;
      calls.push({
        id: use.id,
        type: 'function',
        function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) },
      });
    } else unsupported(block, `messages.${i}.content.${b}`);
  });
  return { role: 'assistant', content: text.join(''), ...(calls.length > 0 ? { tool_calls: calls } : {}) };
}

function systemText(system: MessagesRequest['system']): string | null {
  if (system === undefined) return null;
  return typeof system === 'string' ? system : system.map((part) => part.text).join('\n');
}

function toolChoiceOf(choice: MessagesRequest['tool_choice']) {
  if (!choice) return undefined;
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool') return { type: 'function', function: { name: (choice as { name: string }).name } };
  return choice.type;
}

/** The request as the OpenAI-shaped body the pipeline takes (validated again by its own schema). */
export function toChatRequest(body: MessagesRequest | CountTokensRequest): ChatCompletionRequest {
  const system = systemText(body.system);
  const messages: OpenAiMessage[] = system ? [{ role: 'system', content: system }] : [];
  body.messages.forEach((message, i) => {
    if (message.role === 'user') messages.push(...userMessages(message, i));
    else messages.push(assistantMessage(message, i));
  });
  const full = body as Partial<MessagesRequest>;
  const parsed = ChatCompletionRequest.safeParse({
    model: body.model,
    messages,
    ...(full.max_tokens !== undefined ? { max_tokens: full.max_tokens } : {}),
    ...(full.temperature !== undefined ? { temperature: full.temperature } : {}),
    ...(full.top_p !== undefined ? { top_p: full.top_p } : {}),
    ...(full.stop_sequences?.length ? { stop: full.stop_sequences } : {}),
    ...(body.tools?.length
      ? {
          tools: body.tools.map((tool) => ({
            type: 'function',
            function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
          })),
        }
      : {}),
    ...(body.tool_choice ? { tool_choice: toolChoiceOf(body.tool_choice) } : {}),
  });
  if (!parsed.success) {
    const { message, param } = describeIssue(parsed.error);
    throw badRequest(message, param, 'invalid_value');
  }
  return parsed.data;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export function stopReasonOf(o: CompletionOutcome): { stop_reason: StopReason; stop_sequence: string | null } {
  if (o.toolCalls.length > 0) return { stop_reason: 'tool_use', stop_sequence: null };
  if (o.finishReason === 'length') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (o.stopSequence) return { stop_reason: 'stop_sequence', stop_sequence: o.stopSequence };
  return { stop_reason: 'end_turn', stop_sequence: null };
}

export const toolUseId = (callId: string) => callId.replace(/^call_/, 'toolu_');

/** A tool_use block's input is an object: the arguments Outpost serialised from the call's grammar-bound params. */
const ToolInput = z.record(z.string(), z.unknown());

export function toolUseBlocks(o: CompletionOutcome) {
  return o.toolCalls.map((call) => ({
    type: 'tool_use' as const,
    id: toolUseId(call.id),
    name: call.function.name,
    input: ToolInput.parse(tryParseJson(call.function.arguments)),
  }));
}

export function usageOf(o: CompletionOutcome) {
  return {
    input_tokens: o.promptTokens - o.cachedTokens,
    output_tokens: o.completionTokens,
    cache_read_input_tokens: o.cachedTokens,
    cache_creation_input_tokens: 0,
  };
}
