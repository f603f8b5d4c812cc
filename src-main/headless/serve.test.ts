/**
 * `--serve`: the real headless host in its own process serving its API to other machines. A desktop core adds it
 * as a node with URL + key; the allow-list is checked with real peers on other loopback addresses (Linux answers
 * all of 127.0.0.0/8), so no client is faked.
 */
import http from 'node:http';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeInfo, NodeTestResult } from '@contract';
import { freePort } from '../core/api/testing/apiHarness';
import { createCore, type Core } from '../core/createCore';
import { createTestPorts } from '../core/testing/testPorts';
import { failedServedHost, startServedHost, type ServedHost } from './testing/servedHost';

const ctx = { signal: new AbortController().signal };
const KEY = 'op-served-by-the-test-0123456789';
const started: ServedHost[] = [];
let desktop: Core | null = null;

afterAll(async () => {
  await desktop?.dispose();
  for (const host of started) await host.stop();
});

async function call<T>(core: Core, route: string, input: unknown): Promise<T> {
  const reply = await core.dispatch({ route, input } as never, ctx);
  if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

/** GET from a chosen local address, as a machine with that address would. */
function getFrom(localAddress: string, url: string, key?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { localAddress, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.once('error', reject);
  });
}

describe('headless --serve', () => {
  it('serves on the chosen interface with the operator key; a desktop adds it as a node in one step', async () => {
    const port = await freePort();
    const host = await startServedHost({
      writeModel: true,
      serveArgs: ['--listen', '127.0.0.2', '--api-port', String(port), '--allow', '127.0.0.1,127.0.0.3/32'],
      env: { OUTPOST_API_KEY: KEY },
    });
    started.push(host);
    expect(host.apiBaseUrl).toBe(`http://127.0.0.2:${port}/v1`);
    expect(host.printedKey).toBeNull();
    expect(host.stdout).toContain('clients: 127.0.0.1, 127.0.0.3/32');

    const t = createTestPorts();
    desktop = await createCore(t.ports);
    const node = await call<NodeInfo>(desktop, 'nodes.add', {
      name: 'GPU box',
      baseUrl: host.apiBaseUrl,
      kind: 'lan',
      apiKey: KEY,
    });
    const tested = await call<NodeTestResult>(desktop, 'nodes.test', { id: node.id });
    expect(tested).toMatchObject({ ok: true, error: null });
    expect(tested.modelIds).toContain('tiny-1');

    const client = new OpenAI({ baseURL: host.apiBaseUrl, apiKey: KEY, maxRetries: 0 });
    const reply = await client.chat.completions.create({
      model: 'tiny-1',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 4,
    });
    expect(reply.choices[0]?.message.role).toBe('assistant');
    expect(reply.usage?.completion_tokens).toBeGreaterThan(0);

    const wrongKey = new OpenAI({ baseURL: host.apiBaseUrl, apiKey: 'op-not-the-key-at-all', maxRetries: 0 });
    await expect(wrongKey.models.list()).rejects.toMatchObject({ status: 401 });
  }, 180_000);

  it('answers only the allow-listed client addresses', async () => {
    const host = started[0]!;
    const health = host.apiBaseUrl.replace(/\/v1$/, '/health');
    expect(await getFrom('127.0.0.3', health)).toMatchObject({ status: 200 });
    const refused = await getFrom('127.0.0.4', health);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'client_not_allowed' } });
    // The right key does not open the door to an address off the list.
    expect(await getFrom('127.0.0.4', `${host.apiBaseUrl}/models`, KEY)).toMatchObject({ status: 403 });
    expect(await getFrom('127.0.0.3', `${host.apiBaseUrl}/models`, KEY)).toMatchObject({ status: 200 });
  }, 60_000);

  it('without a key makes one, prints it once and keeps it across restarts', async () => {
    const port = await freePort();
    const first = await startServedHost({ serveArgs: ['--api-port', String(port)] });
    expect(first.apiBaseUrl).toBe(`http://0.0.0.0:${port}/v1`);
    expect(first.stdout).toContain('clients: 127.0.0.0/8, ::1, 10.0.0.0/8');
    const key = first.printedKey;
    expect(key).toMatch(/^op-/);
    await first.stop();

    const again = await startServedHost({ dataDir: first.dataDir, serveArgs: ['--api-port', String(port)] });
    started.push(again);
    expect(again.printedKey).toBeNull();
    expect(again.stdout).toContain(`API key: ${key!.slice(0, 10)}…`);
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: key!, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([]);
  }, 180_000);

  it('refuses bad flags and an interface it cannot listen on, saying why', async () => {
    const badAllow = await failedServedHost(['--allow', 'the-office']);
    expect(badAllow.code).toBe(1);
    expect(badAllow.output).toContain('--allow: Not an address or CIDR range: "the-office"');
    // 192.0.2.0/24 is reserved for documentation: never an address of this machine.
    const elsewhere = await failedServedHost(['--listen', '192.0.2.1', '--api-port', String(await freePort())]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.output).toContain('Could not listen on 192.0.2.1');
  }, 120_000);
});
