/**
 * Legacy /v1/completions and token logprobs through the official openai SDK, LangChain and the Vercel AI SDK,
 * against the real server and a generated model: structure, not prose (random weights).
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { OpenAI as LangChainOpenAI } from '@langchain/openai';
import { generateText } from 'ai';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApiHarness, type ServedApi } from './testing/apiHarness';

describe('legacy completions and logprobs (real server, generated model)', () => {
  let h: ServedApi;
  let key: string;
  let baseURL: string;
  let client: OpenAI;

  beforeAll(async () => {
    h = await serveApiHarness({ agent: true });
    ({ key, baseURL, openai: client } = h);
  }, 120_000);

  afterAll(async () => h?.dispose());

  it('continues a raw prompt (no chat template) with legacy usage, finish reason and token logprobs', async () => {
    const reply = await client.completions.create({
      model: 'tiny-1',
      prompt: 'Once upon a time',
      max_tokens: 12,
      temperature: 0,
      logprobs: 3,
    });
    expect(reply.object).toBe('text_completion');
    expect(reply.id).toMatch(/^cmpl-/);
    const choice = reply.choices[0]!;
    expect(['stop', 'length']).toContain(choice.finish_reason);
    // The byte-level test tokenizer: the raw prompt is its bytes (plus BOS), never a rendered chat template.
    expect(reply.usage!.prompt_tokens).toBeLessThan(30);
    expect(reply.usage!.completion_tokens).toBeGreaterThan(0);
    expect(reply.usage!.completion_tokens).toBeLessThanOrEqual(12);
    const logprobs = choice.logprobs!;
    expect(logprobs.tokens!.join('')).toBe(choice.text);
    expect(logprobs.tokens!.length).toBe(logprobs.token_logprobs!.length);
    expect(logprobs.text_offset![0]).toBe(0);
    for (const [i, lp] of logprobs.token_logprobs!.entries()) {
      expect(lp).toBeLessThanOrEqual(0);
      const alternatives = logprobs.top_logprobs![i]!;
      expect(Object.keys(alternatives).length).toBeGreaterThan(0);
      expect(Object.keys(alternatives).length).toBeLessThanOrEqual(3);
      // Greedy decoding picks the likeliest token, so it is among the alternatives with the highest logprob.
      expect(Math.max(...Object.values(alternatives))).toBeCloseTo(lp, 5);
    }
  });

  it('stops at max_tokens (16 by default, like OpenAI) and at a stop sequence', async () => {
    const capped = await client.completions.create({ model: 'tiny-1', prompt: 'abc', temperature: 0 });
    if (capped.choices[0]!.finish_reason === 'length') expect(capped.usage!.completion_tokens).toBe(16);
    const free = await client.completions.create({ model: 'tiny-1', prompt: 'abc', temperature: 0, max_tokens: 40 });
    const text = free.choices[0]!.text;
    if (text.length < 4) return; // nothing to cut a stop sequence from
    const stop = text.slice(2, 4);
    const stopped = await client.completions.create({
      model: 'tiny-1',
      prompt: 'abc',
      temperature: 0,
      max_tokens: 40,
      stop: [stop],
    });
    expect(stopped.choices[0]!.finish_reason).toBe('stop');
    expect(stopped.choices[0]!.text).toBe(text.slice(0, text.indexOf(stop)));
  });

  it('streams legacy completions whose chunks add up to the same text, logprobs on the closing chunk', async () => {
    const whole = await client.completions.create({
      model: 'tiny-1',
      prompt: 'The sea',
      max_tokens: 10,
      temperature: 0,
      echo: true,
    });
    const stream = await client.completions.create({
      model: 'tiny-1',
      prompt: 'The sea',
      max_tokens: 10,
      temperature: 0,
      stream: true,
      logprobs: 1,
      stream_options: { include_usage: true },
    });
    let text = '';
    let tokens: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice) {
        text += choice.text;
        if (choice.logprobs?.tokens) tokens = tokens.concat(choice.logprobs.tokens);
        finish = choice.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    expect(whole.choices[0]!.text).toBe(`The sea${text}`);
    expect(tokens.join('')).toBe(text);
    expect(['stop', 'length']).toContain(finish);
    expect(usage?.completion_tokens).toBe(tokens.length);
  });

  it('answers LangChain and the Vercel AI SDK completion models', async () => {
    const llm = new LangChainOpenAI({
      model: 'tiny-1',
      apiKey: key,
      configuration: { baseURL },
      maxRetries: 0,
      maxTokens: 8,
      temperature: 0,
    });
    expect(typeof (await llm.invoke('Hello'))).toBe('string');

    const provider = createOpenAICompatible({ name: 'outpost', baseURL, apiKey: key });
    const result = await generateText({
      model: provider.completionModel('tiny-1'),
      prompt: 'Hello',
      maxOutputTokens: 8,
      temperature: 0,
    });
    expect(['stop', 'length']).toContain(result.finishReason);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('refuses what it cannot do by name (agents, batches, suffix, echo with logprobs)', async () => {
    await expect(client.completions.create({ model: 'agent:helper', prompt: 'x' })).rejects.toMatchObject({
      status: 400,
      param: 'model',
    });
    await expect(client.completions.create({ model: 'tiny-1', prompt: ['a', 'b'] })).rejects.toMatchObject({
      status: 400,
      param: 'prompt',
    });
    await expect(client.completions.create({ model: 'tiny-1', prompt: 'a', suffix: 'b' })).rejects.toMatchObject({
      status: 400,
      param: 'suffix',
    });
    await expect(
      client.completions.create({ model: 'tiny-1', prompt: 'a', echo: true, logprobs: 1 }),
    ).rejects.toMatchObject({ status: 400, param: 'echo' });
    await expect(client.completions.create({ model: 'nope', prompt: 'a' })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
  });

  it('gives chat completions logprobs with top alternatives, streamed and not', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 10,
      temperature: 0,
      logprobs: true,
      top_logprobs: 2,
    });
    const choice = reply.choices[0]!;
    const content = choice.logprobs!.content!;
    expect(content.map((entry) => entry.token).join('')).toBe(choice.message.content);
    expect(content.length).toBe(reply.usage!.completion_tokens);
    for (const entry of content) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.bytes).toEqual([...Buffer.from(entry.token, 'utf8')]);
      expect(entry.top_logprobs.length).toBe(2);
      expect(entry.top_logprobs[0]!.logprob).toBeGreaterThanOrEqual(entry.top_logprobs[1]!.logprob);
      expect(entry.top_logprobs[0]!.logprob).toBeCloseTo(entry.logprob, 5);
    }
    // Same request through the chat template as without logprobs: the same greedy text.
    const plain = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 10,
      temperature: 0,
    });
    expect(plain.choices[0]!.message.content).toBe(choice.message.content);
    expect(plain.usage!.prompt_tokens).toBe(reply.usage!.prompt_tokens);

    const stream = client.chat.completions.stream({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 10,
      temperature: 0,
      logprobs: true,
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(choice.message.content);
    expect(final.choices[0]!.logprobs!.content!.map((entry) => entry.token).join('')).toBe(choice.message.content);
  });

  it('keeps a JSON response_format with logprobs, and refuses top_logprobs without logprobs', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'A color?' }],
      max_tokens: 60,
      logprobs: true,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'c',
          schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
        },
      },
    });
    const choice = reply.choices[0]!;
    if (choice.finish_reason === 'stop')
      expect(typeof (JSON.parse(choice.message.content!) as { ok: unknown }).ok).toBe('boolean');
    expect(choice.logprobs!.content!.length).toBeGreaterThan(0);
    await expect(
      client.chat.completions.create({ model: 'tiny-1', messages: [{ role: 'user', content: 'x' }], top_logprobs: 2 }),
    ).rejects.toMatchObject({ status: 400, param: 'top_logprobs' });
  });
});
