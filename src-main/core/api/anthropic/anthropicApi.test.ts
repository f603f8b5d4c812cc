/** Anthropic's Messages API on the same server, key and limits, through the official @anthropic-ai/sdk. */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApiHarness, type ServedApi } from '../testing/apiHarness';

const WEATHER_TOOL: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: {
    type: 'object',
    properties: {
      city: { type: 'string', maxLength: 8 },
      days: { anyOf: [{ type: 'integer', minimum: 1, maximum: 7 }, { type: 'null' }] },
    },
    required: ['city'],
  },
};

describe('Anthropic Messages API (official @anthropic-ai/sdk, real server, generated model)', () => {
  let h: ServedApi;
  let key: string;
  let anthropic: Anthropic;

  beforeAll(async () => {
    h = await serveApiHarness();
    key = h.key;
    anthropic = new Anthropic({ apiKey: key, baseURL: h.root, maxRetries: 0, timeout: 120_000 });
  }, 120_000);

  afterAll(async () => h?.dispose());

  it('answers a message with a system prompt, a stop reason and usage', async () => {
    const message = await anthropic.messages.create({
      model: 'tiny-1',
      max_tokens: 4,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'tiny-1' });
    expect(message.id).toMatch(/^msg_/);
    expect(message.content[0]?.type).toBe('text');
    expect(['end_turn', 'max_tokens']).toContain(message.stop_reason);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0)).toBeGreaterThan(0);

    const cut = await anthropic.messages.create({
      model: 'tiny-1',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'Tell a long story.' }],
    });
    expect(cut.stop_reason).toBe('max_tokens');
  });

  it('streams the events in the order Anthropic specifies', async () => {
    const stream = anthropic.messages.stream({
      model: 'tiny-1',
      max_tokens: 12,
      messages: [{ role: 'user', content: 'Count.' }],
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(types).toContain('content_block_start');
    expect(types.indexOf('content_block_stop')).toBeGreaterThan(types.indexOf('content_block_delta'));
    const text = final.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(text.length).toBeGreaterThan(0);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(['end_turn', 'max_tokens']).toContain(final.stop_reason);
  });

  it('calls a forced tool (tool_use), takes the tool_result back, also when streamed', async () => {
    const first = await anthropic.messages.create({
      model: 'tiny-1',
      max_tokens: 96,
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block) => block.type === 'tool_use');
    if (use?.type !== 'tool_use') throw new Error('expected a tool_use block');
    expect(use.id).toMatch(/^toolu_/);
    expect(use.name).toBe('get_weather');
    const input = use.input as { city: string; days: number | null };
    expect(typeof input.city).toBe('string');
    expect(input.days === null || (Number.isInteger(input.days) && input.days >= 1 && input.days <= 7)).toBe(true);

    const second = await anthropic.messages.create({
      model: 'tiny-1',
      max_tokens: 4,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 21 °C' }] },
      ],
    });
    expect(second.role).toBe('assistant');

    const stream = anthropic.messages.stream({
      model: 'tiny-1',
      max_tokens: 96,
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    let jsonDeltas = 0;
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') jsonDeltas += 1;
    }
    const streamed = await stream.finalMessage();
    // The input streams as the model writes it, in several input_json_delta events.
    expect(jsonDeltas).toBeGreaterThan(1);
    expect(streamed.stop_reason).toBe('tool_use');
    const streamedUse = streamed.content.find((block) => block.type === 'tool_use');
    expect(streamedUse?.type === 'tool_use' && typeof (streamedUse.input as { city: unknown }).city).toBe('string');
  });

  it('counts tokens without generating', async () => {
    const short = await anthropic.messages.countTokens({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const long = await anthropic.messages.countTokens({
      model: 'tiny-1',
      system: 'A system prompt that adds tokens.',
      messages: [{ role: 'user', content: 'Hi there, how are you today?' }],
      tools: [WEATHER_TOOL],
    });
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens);
  });

  it('answers errors in Anthropic shape: wrong key, unknown model, unsupported content', async () => {
    const wrong = new Anthropic({ apiKey: 'op-wrong', baseURL: anthropic.baseURL, maxRetries: 0 });
    await expect(
      wrong.messages.create({ model: 'tiny-1', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const missing = anthropic.messages.create({
      model: 'nope',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(missing).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(missing).rejects.toMatchObject({ error: { type: 'error', error: { type: 'not_found_error' } } });
    await expect(
      anthropic.messages.create({
        model: 'tiny-1',
        max_tokens: 1,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});
