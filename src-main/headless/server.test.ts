import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_PAYLOAD_BYTES } from '@contract';
import { createCore, type Core } from '../core/createCore';
import { createTestPorts, makeTempDir } from '../core/testing/testPorts';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from '../../src-preload/wire';
import { startHeadlessServer, type HeadlessServer } from './server';

const TOKEN = 'a'.repeat(48);
let core: Core;
let server: HeadlessServer;

beforeAll(async () => {
  const rendererDir = makeTempDir('outpost-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Outpost</title>');
  const t = createTestPorts();
  core = await createCore(t.ports);
  server = await startHeadlessServer({ core, rendererDir, token: TOKEN, port: 0, logger: t.logger });
});

afterAll(async () => {
  await server.close();
  await core.dispose();
});

function open(options: { token?: string | null; origin?: string | null; host?: string } = {}) {
  const origin = options.origin === undefined ? `http://127.0.0.1:${server.port}` : options.origin;
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = {};
  if (origin) headers.Origin = origin;
  if (options.host) headers.Host = options.host;
  return new WebSocket(
    `ws://127.0.0.1:${server.port}${WS_PATH}`,
    token === null ? [] : [WS_TOKEN_PROTOCOL_PREFIX + token],
    { headers },
  );
}

function outcome(ws: WebSocket): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ opened: true }));
    ws.once('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.once('error', () => resolve({ opened: false }));
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('headless server', () => {
  it('serves the renderer with a strict CSP on loopback', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>Outpost</title>');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await new Promise<number>((resolve) => {
      import('node:http').then(({ get }) =>
        get({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'evil.example:80' } }, (r) =>
          resolve(r.statusCode ?? 0),
        ),
      );
    });
    expect(res).toBe(403);
  });

  it.each([
    ['no token', { token: null }, 401],
    ['a wrong token', { token: 'b'.repeat(48) }, 401],
    ['a short token', { token: 'a' }, 401],
    ['another origin', { origin: 'http://evil.example' }, 403],
    ['no origin', { origin: null }, 403],
    ['a foreign host', { host: 'evil.example' }, 403],
  ])('refuses a socket with %s', async (_name, options, status) => {
    const result = await outcome(open(options));
    expect(result).toEqual({ opened: false, status });
  });

  it('answers requests and typed errors for bad frames without dropping the socket', async () => {
    const ws = open();
    expect((await outcome(ws)).opened).toBe(true);

    ws.send(JSON.stringify({ type: 'request', id: 1, route: 'settings.get', input: {} }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'response', id: 1, result: { ok: true } });

    ws.send('{not json');
    expect(await nextFrame(ws)).toMatchObject({ id: null, result: { ok: false, error: { code: 'bad_request' } } });

    ws.send(JSON.stringify({ type: 'request', id: 2, route: 123 }));
    expect(await nextFrame(ws)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'bad_request' } } });

    ws.send(JSON.stringify({ type: 'request', id: 3, route: 'no.such', input: {} }));
    expect(await nextFrame(ws)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'unknown_route' } } });

    const big = { type: 'request', id: 4, route: 'settings.set', input: { theme: 'x'.repeat(MAX_PAYLOAD_BYTES) } };
    ws.send(JSON.stringify(big));
    expect(await nextFrame(ws)).toMatchObject({ id: 4, result: { ok: false, error: { code: 'payload_too_large' } } });

    ws.send(JSON.stringify({ type: 'request', id: 5, route: 'app.info', input: {} }));
    expect(await nextFrame(ws)).toMatchObject({ id: 5, result: { ok: true, value: { shell: 'headless' } } });
    ws.close();
  });

  it('pushes an event only to the renderers subscribed to its topic', async () => {
    const [a, b, c] = [open(), open(), open()];
    await Promise.all([outcome(a), outcome(b), outcome(c)]);
    const subscribe = async (ws: WebSocket, topics: string[]) => {
      ws.send(JSON.stringify({ type: 'request', id: 1, route: 'events.subscribe', input: { topics } }));
      return nextFrame(ws);
    };
    expect(await subscribe(b, ['settings'])).toMatchObject({
      id: 1,
      result: { ok: true, value: { topics: ['settings'] } },
    });
    await subscribe(c, ['models', 'conversation:other']);
    expect(await subscribe(c, ['Not A Topic'])).toMatchObject({
      result: { ok: false, error: { code: 'bad_request' } },
    });

    const seenByB = nextFrame(b);
    const seenByC = nextFrame(c);
    a.send(JSON.stringify({ type: 'request', id: 2, route: 'settings.set', input: { theme: 'dark' } }));
    expect(await nextFrame(a)).toMatchObject({ type: 'response', id: 2 });
    expect(await seenByB).toMatchObject({ type: 'event', name: 'settings.changed', payload: { theme: 'dark' } });
    // c's next frame is the answer to its own request: the settings event never reached it.
    c.send(JSON.stringify({ type: 'request', id: 3, route: 'app.info', input: {} }));
    expect(await seenByC).toMatchObject({ type: 'response', id: 3 });

    b.send(JSON.stringify({ type: 'request', id: 4, route: 'events.unsubscribe', input: { topics: ['settings'] } }));
    expect(await nextFrame(b)).toMatchObject({ id: 4, result: { ok: true, value: { topics: [] } } });
    for (const ws of [a, b, c]) ws.close();
  });
});
