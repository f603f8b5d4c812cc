/**
 * The OpenAI-compatible API through the clients people use (official openai SDK, LangChain, Vercel AI SDK)
 * against the real server and a generated model: each defect of issue 16 (items 1–8) exercised end to end.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { generateText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiAgent, serveApiHarness, type ServedApi } from './testing/apiHarness';

describe('OpenAI-compatible API with third-party clients (real server, generated model)', () => {
  let h: ServedApi;
  let key: string;
  let baseURL: string;
  let client: OpenAI;

  beforeAll(async () => {
    h = await serveApiHarness({ agent: true });
    ({ key, baseURL, openai: client } = h);
  }, 120_000);

  afterAll(async () => h?.dispose());

  it('takes Optional/nullable tool parameters (anyOf with null) and writes integers as plain digits in range', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Book a table.' }],
      max_tokens: 120,
      tools: [
        {
          type: 'function',
          function: {
            name: 'book-table',
            parameters: {
              type: 'object',
              properties: {
                guests: { type: 'integer', minimum: 1, maximum: 12 },
                note: { anyOf: [{ type: 'string', maxLength: 6 }, { type: 'null' }], default: null },
                when: { type: ['string', 'null'], format: 'date' },
              },
              required: ['guests'],
            },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'book-table' } },
    });
    const call = reply.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('book-table');
    expect(call.function.arguments).not.toMatch(/\d[eE]/);
    const args = JSON.parse(call.function.arguments) as { guests: number; note: string | null; when: string | null };
    expect(Number.isInteger(args.guests)).toBe(true);
    expect(args.guests).toBeGreaterThanOrEqual(1);
    expect(args.guests).toBeLessThanOrEqual(12);
    // maxLength counts code points (JSON Schema), not UTF-16 units.
    expect(args.note === null || [...args.note].length <= 6).toBe(true);
    expect(args.when === null || /^\d{4}-\d{2}-\d{2}$/.test(args.when)).toBe(true);
  });

  it('gives LangChain structured output that its own zod schema accepts (tool calling and JSON schema)', async () => {
    const llm = new ChatOpenAI({
      model: 'tiny-1',
      apiKey: key,
      configuration: { baseURL },
      maxRetries: 0,
      maxTokens: 160,
      temperature: 0,
    });
    // zod counts string length in UTF-16 units, JSON Schema in code points: no length-bounded strings here.
    const Order = z.object({
      quantity: z.number().int().min(1).max(99),
      size: z.enum(['small', 'large']),
      wrapping: z.enum(['paper', 'box']).nullable(),
    });
    const byTool = await llm.withStructuredOutput(Order, { method: 'functionCalling', name: 'order' }).invoke('Order.');
    expect(Order.parse(byTool)).toEqual(byTool);
    const bySchema = await llm.withStructuredOutput(Order, { method: 'jsonSchema', name: 'order' }).invoke('Order.');
    expect(Order.parse(bySchema)).toEqual(bySchema);
  });

  it('refuses a schema keyword it cannot enforce with 400 naming it, and an invalid response_format schema', async () => {
    const pattern = client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'f',
            parameters: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z]+$' } } },
          },
        },
      ],
    });
    await expect(pattern).rejects.toMatchObject({
      status: 400,
      code: 'unsupported_schema',
      param: 'tools.0.function.parameters.properties.id',
    });
    await expect(pattern).rejects.toThrow(/pattern/);
    await expect(
      client.chat.completions.create({
        model: 'tiny-1',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_schema', json_schema: { name: 'bad', schema: { type: 'thing' } } },
      }),
    ).rejects.toMatchObject({ status: 400, code: 'unsupported_schema' });
  });

  it('answers a tool request without max_tokens, and refuses a prompt longer than the context with context_length_exceeded', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Pick.' }],
      tools: [
        {
          type: 'function',
          function: { name: 'pick', parameters: { type: 'object', properties: { v: { enum: ['a', 'b'] } } } },
        },
      ],
      tool_choice: 'required',
    });
    expect(reply.choices[0]?.finish_reason).toBe('tool_calls');

    await expect(
      client.chat.completions.create({
        model: 'tiny-1',
        messages: [{ role: 'user', content: 'x'.repeat(3_000) }],
        max_tokens: 4,
      }),
    ).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages' });
  });

  it('reports the whole prompt as prompt_tokens and the reused part as cached_tokens', async () => {
    const ask = () =>
      client.chat.completions.create({
        model: 'tiny-1',
        messages: [{ role: 'user', content: 'The same question, asked twice.' }],
        max_tokens: 3,
        seed: 1,
      });
    const first = await ask();
    const second = await ask();
    expect(second.usage?.prompt_tokens).toBe(first.usage?.prompt_tokens);
    expect(first.usage?.prompt_tokens).toBeGreaterThan(10);
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
    expect(second.usage?.prompt_tokens_details?.cached_tokens).toBeLessThanOrEqual(second.usage?.prompt_tokens ?? 0);
  });

  it('answers an oversized body with a clean 413 the SDK reports as an APIError, not a connection error', async () => {
    const huge = client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'x'.repeat(3 * 1024 * 1024) }],
    });
    await expect(huge).rejects.toBeInstanceOf(OpenAI.APIError);
    await expect(huge).rejects.toMatchObject({ status: 413, code: 'request_too_large' });
    await expect(huge).rejects.not.toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('lets agent models honour max_tokens (finish_reason length), temperature, stop and system messages (Vercel AI SDK)', async () => {
    const outpost = createOpenAICompatible({ name: 'outpost', baseURL, apiKey: key });
    const short = await generateText({
      model: outpost('agent:helper'),
      system: 'Answer in one word.',
      prompt: 'Say something long.',
      maxOutputTokens: 3,
      temperature: 0.2,
      stopSequences: ['\n\n\n'],
      maxRetries: 0,
    });
    expect(short.finishReason).toBe('length');
    expect(short.usage.outputTokens).toBeLessThanOrEqual(3);
  });

  it('accepts tool names with "-" (Vercel AI SDK forced tool call)', async () => {
    const outpost = createOpenAICompatible({ name: 'outpost', baseURL, apiKey: key });
    const result = await generateText({
      model: outpost('tiny-1'),
      prompt: 'Pick a colour.',
      tools: { 'pick-colour': tool({ inputSchema: z.object({ colour: z.enum(['red', 'blue']) }) }) },
      toolChoice: { type: 'tool', toolName: 'pick-colour' },
      maxOutputTokens: 64,
      maxRetries: 0,
    });
    expect(result.toolCalls[0]?.toolName).toBe('pick-colour');
    expect(['red', 'blue']).toContain((result.toolCalls[0]?.input as { colour: string }).colour);
  });

  it('serves GET /v1/models/{id} and hides agents whose model is not installed (model_not_found when called)', async () => {
    expect(await client.models.retrieve('tiny-1')).toMatchObject({ id: 'tiny-1', object: 'model' });
    expect(await client.models.retrieve('agent:helper')).toMatchObject({ owned_by: 'outpost-agent' });
    await expect(client.models.retrieve('nope')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });

    h.agents.create({ ...apiAgent({}), id: 'orphan', name: 'Orphan', model: { preferred: 'not-installed' } });
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).not.toContain('agent:orphan');
    await expect(
      client.chat.completions.create({ model: 'agent:orphan', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('streams tool-call arguments as they are generated, not as one chunk at the end', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Rate it.' }],
      max_tokens: 96,
      stream: true,
      tools: [
        {
          type: 'function',
          function: {
            name: 'rate',
            parameters: {
              type: 'object',
              properties: { stars: { type: 'integer', minimum: 1, maximum: 5 }, mood: { enum: ['glad', 'sad'] } },
            },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'rate' } },
    });
    const pieces: string[] = [];
    let head: { id?: string; name?: string } = {};
    let finish: string | null = null;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      if (call?.id) head = { id: call.id, name: call.function?.name };
      if (call?.function?.arguments) pieces.push(call.function.arguments);
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(head.id).toMatch(/^call_/);
    expect(head.name).toBe('rate');
    expect(pieces.length).toBeGreaterThan(1);
    const args = JSON.parse(pieces.join('')) as { stars: number; mood: string };
    expect([1, 2, 3, 4, 5]).toContain(args.stars);
    expect(['glad', 'sad']).toContain(args.mood);
    expect(finish).toBe('tool_calls');
  });

  it('refuses logprobs by name where they cannot be given (with tools, for agent models)', async () => {
    await expect(
      client.chat.completions.create({
        model: 'tiny-1',
        messages: [{ role: 'user', content: 'x' }],
        logprobs: true,
        tools: [{ type: 'function', function: { name: 'noop', parameters: { type: 'object' } } }],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'logprobs', code: 'unsupported_parameter' });
    await expect(
      client.chat.completions.create({
        model: 'agent:helper',
        messages: [{ role: 'user', content: 'x' }],
        logprobs: true,
      }),
    ).rejects.toMatchObject({ status: 400, param: 'logprobs', code: 'unsupported_parameter' });
  });

  it('embeds token-id arrays (LangChain sends them) and honours dimensions', async () => {
    const models = await client.models.list();
    const embedder = models.data.find((m) => m.owned_by === 'outpost-embeddings')!.id;
    // LangChain tokenizes long-enough inputs with cl100k_base and sends the ids.
    const embeddings = new OpenAIEmbeddings({
      model: embedder,
      apiKey: key,
      configuration: { baseURL },
      maxRetries: 0,
      dimensions: 8,
    });
    const [vector] = await embeddings.embedDocuments(['a puppy plays in the garden']);
    expect(vector).toHaveLength(8);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);

    const byText = await client.embeddings.create({ model: embedder, input: 'hello world', encoding_format: 'float' });
    const byIds = await client.embeddings.create({ model: embedder, input: [[15339, 1917]], encoding_format: 'float' });
    expect(byIds.data[0]!.embedding).toEqual(byText.data[0]!.embedding);
  });
});
