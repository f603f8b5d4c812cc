import http from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { McpServerInput } from '@contract';
import * as openDb from '../storage/openDatabase';
import { waitFor } from '../inference/testing/engineHarness';
import { echoServerInput } from '../mcp/testing/mcpFixtures';
import { MAX_BODY_BYTES } from './apiApp';
import { apiAgent, serveApiHarness, type ServedApi } from './testing/apiHarness';

// Every database open goes through this spy, so an agent call that opened one of its own would be counted.
vi.mock('../storage/openDatabase', async (importOriginal) => {
  const real = await importOriginal<typeof openDb>();
  return { ...real, openDatabase: vi.fn(real.openDatabase) };
});

describe('OpenAI-compatible API server (official openai client, real model)', () => {
  let h: ServedApi;
  let key: string;
  let baseURL: string;
  let client: OpenAI;

  beforeAll(async () => {
    h = await serveApiHarness({ agent: false });
    ({ key, baseURL, openai: client } = h);
  }, 120_000);

  afterAll(async () => h?.dispose());

  it('is off by default, shows the key once and stores only its hash', async () => {
    expect(key).toMatch(/^op-/);
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const again = await h.api.setEnabled(true);
    expect(again.newKey).toBeNull();
    const stored = JSON.stringify(h.t.db.prepare('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(key);
    const health = await fetch(`${baseURL.replace('/v1', '')}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('lists installed models, agents as agent:<slug> and embedding models', async () => {
    h.agents.create(apiAgent({}));
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('tiny-1');
    expect(ids).toContain('agent:helper');
    expect(ids.some((id) => id.includes('test-minilm'))).toBe(true);
  });

  it('answers a chat without streaming', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Say hi.' }],
      max_tokens: 8,
      temperature: 0.5,
      top_p: 0.9,
      seed: 42,
    });
    expect(reply.object).toBe('chat.completion');
    expect(typeof reply.choices[0]?.message.content).toBe('string');
    expect(['stop', 'length']).toContain(reply.choices[0]?.finish_reason);
    expect(reply.usage?.completion_tokens).toBeGreaterThan(0);
    expect(reply.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams a chat as SSE chunks ending with a finish reason and usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Count.' }],
      max_tokens: 16,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'length' || c.choices[0]?.finish_reason === 'stop')).toBe(
      true,
    );
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('round-trips a tool call and follows a JSON schema', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'pick_colour',
          description: 'Pick a colour',
          parameters: { type: 'object', properties: { colour: { enum: ['red', 'blue'] } }, required: ['colour'] },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Pick a colour.' }];
    const first = await client.chat.completions.create({
      model: 'tiny-1',
      messages,
      tools,
      tool_choice: 'required',
      max_tokens: 64,
    });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('pick_colour');
    expect(['red', 'blue']).toContain(JSON.parse(call.function.arguments).colour);

    messages.push(choice!.message, { role: 'tool', tool_call_id: call.id, content: '{"ok":true}' });
    const second = await client.chat.completions.create({ model: 'tiny-1', messages, tools, max_tokens: 8 });
    expect(second.choices[0]?.message.role).toBe('assistant');

    const json = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'A number.' }],
      max_tokens: 32,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'n', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } },
      },
    });
    expect(Number.isInteger(JSON.parse(json.choices[0]?.message.content ?? '').n)).toBe(true);
  });

  it('embeds text with the installed embedding model', async () => {
    const models = await client.models.list();
    const embedder = models.data.find((m) => m.owned_by === 'outpost-embeddings')!.id;
    const result = await client.embeddings.create({
      model: embedder,
      input: ['dog', 'puppy'],
      encoding_format: 'float',
    });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]!.embedding.length).toBeGreaterThan(0);
    await expect(client.embeddings.create({ model: 'tiny-1', input: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses missing and wrong keys, unknown models, bad JSON and oversized bodies in OpenAI shape', async () => {
    const wrong = new OpenAI({ apiKey: 'op-wrong', baseURL, maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    const missing = await fetch(`${baseURL}/models`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ type: 'authentication_error', code: 'missing_api_key' });

    await expect(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });

    const post = (body: string) =>
      fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
    const malformed = await post('{"model": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('invalid_json');
    const invalid = await post(JSON.stringify({ model: 'tiny-1', messages: [] }));
    expect((await invalid.json()).error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    const huge = await post(
      JSON.stringify({ model: 'tiny-1', messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES) }] }),
    );
    expect(huge.status).toBe(413);

    // fetch may not set Host; node:http can, as a DNS-rebinding page's browser would.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${baseURL}/models`);
      http
        .get(url, { headers: { authorization: `Bearer ${key}`, host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(rebinding).toBe(403);
  });

  it('queues beyond the parallel sequences and answers 429 with Retry-After over the bound', async () => {
    h.settings.set({ apiMaxQueue: 1 });
    const ask = () =>
      fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        // A grammar-held string cannot end early, so the first request is still running when the rest arrive.
        body: JSON.stringify({
          model: 'tiny-1',
          messages: [{ role: 'user', content: 'Hi' }],
          max_tokens: 400,
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'story',
              schema: { type: 'object', properties: { story: { type: 'string' } }, required: ['story'] },
            },
          },
        }),
      });
    const responses = await Promise.all(Array.from({ length: 5 }, ask));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2); // one running + one waiting
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(3);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refused[0]!.json()).error.type).toBe('rate_limit_error');
    h.settings.set({ apiMaxQueue: 16 });
  });

  it('stops generating when the client disconnects mid-stream', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'tiny-1', messages: [{ role: 'user', content: 'Talk.' }], max_tokens: 1500, stream: true },
      { signal: controller.signal },
    );
    let chunks = 0;
    // Leaving the loop makes the SDK abort the HTTP request: the server must see the disconnect.
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++chunks >= 2) break;
    }
    expect(chunks).toBe(2);
    // The lifecycle records every finished request: this one ended as aborted, well short of its budget.
    const aborted = () =>
      h.t.db
        .prepare(
          "SELECT completion_tokens AS tokens FROM inference_requests WHERE request_id LIKE 'api-%' AND finish_reason = 'aborted'",
        )
        .get() as { tokens: number } | undefined;
    await waitFor(() => aborted() !== undefined, 10_000, 'aborted request recorded');
    expect(aborted()?.tokens).toBeLessThan(1500);
    await waitFor(() => h.lifecycle.list().every((m) => m.busySequences === 0), 10_000, 'sequence freed');
  });

  it('runs an agent turn whose "ask" MCP tool is denied over the API unless API approval is allowed', async () => {
    await h.mcp.add(McpServerInput.parse(echoServerInput()));
    h.agents.update('helper', apiAgent({ mcp_echo_test_echo: 'ask' }));
    const ask = () =>
      client.chat.completions.create({
        model: 'agent:helper',
        messages: [
          { role: 'user', content: 'Earlier question' },
          { role: 'assistant', content: 'Earlier answer' },
          { role: 'user', content: 'Echo ping.' },
        ],
        tool_choice: 'required',
      });
    const opens = vi.mocked(openDb.openDatabase).mock.calls.length;
    expect(opens).toBeGreaterThan(0); // the harness's own database went through the spy
    const rows = () =>
      h.t.db.prepare('SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM messages) AS n').get();
    const rowsBefore = rows();
    const denied = await ask();
    // The turn (history, user message, tool round, reply) ran on an in-memory transcript: no database, no rows.
    expect(vi.mocked(openDb.openDatabase).mock.calls.length).toBe(opens);
    expect(rows()).toEqual(rowsBefore);
    expect(denied.choices[0]?.message.role).toBe('assistant');
    expect(h.audit.list({ agentId: 'helper', limit: 5 })[0]).toMatchObject({
      tool: 'mcp_echo_test_echo',
      decision: 'ask-denied',
    });

    h.settings.set({ apiAllowAskTools: true });
    await ask();
    expect(h.audit.list({ agentId: 'helper', limit: 5 })[0]).toMatchObject({
      tool: 'mcp_echo_test_echo',
      decision: 'ask-approved',
      outcome: 'ok',
    });
  });

  it('logs every request and rotating the key locks out the old one', async () => {
    const log = h.api.requests(500);
    expect(log.some((r) => r.status === 401 && r.errorCode === 'invalid_api_key')).toBe(true);
    expect(log.some((r) => r.status === 200 && r.model === 'tiny-1' && r.stream)).toBe(true);
    expect(h.sink.of('api.request').length).toBe(log.length);

    const { key: next } = h.api.rotateKey();
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
    const fresh = new OpenAI({ apiKey: next, baseURL, maxRetries: 0 });
    expect((await fresh.models.list()).data.length).toBeGreaterThan(0);
  });
});
