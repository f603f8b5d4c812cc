/** The parts of Anthropic's Messages API request bodies Outpost understands; unknown fields are ignored. */
import { z } from 'zod';

const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const ToolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().max(200),
  name: z.string().max(64),
  input: z.unknown(),
});
const ToolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().max(200),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
  is_error: z.boolean().optional(),
});
const OtherBlock = z.looseObject({ type: z.string() });
export const ContentBlock = z.union([TextBlock, ToolUseBlock, ToolResultBlock, OtherBlock]);
export type ContentBlock = z.output<typeof ContentBlock>;

export const AnthropicMessage = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(ContentBlock).max(1000)]),
});
export type AnthropicMessage = z.output<typeof AnthropicMessage>;

const Tool = z.looseObject({
  name: z.string().max(64),
  description: z.string().max(4000).optional(),
  input_schema: z.record(z.string(), z.unknown()),
});

const ToolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto') }),
  z.looseObject({ type: z.literal('any') }),
  z.looseObject({ type: z.literal('none') }),
  z.looseObject({ type: z.literal('tool'), name: z.string().max(64) }),
]);

const System = z.union([z.string(), z.array(z.looseObject({ type: z.literal('text'), text: z.string() }))]);

const Shared = {
  model: z.string().min(1).max(200),
  messages: z.array(AnthropicMessage).min(1).max(1000),
  system: System.optional(),
  tools: z.array(Tool).max(128).optional(),
  tool_choice: ToolChoice.optional(),
};

export const MessagesRequest = z.looseObject({
  ...Shared,
  max_tokens: z.number().int().min(1).max(131_072),
  stop_sequences: z.array(z.string().min(1)).max(16).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
});
export type MessagesRequest = z.output<typeof MessagesRequest>;

export const CountTokensRequest = z.looseObject(Shared);
export type CountTokensRequest = z.output<typeof CountTokensRequest>;
