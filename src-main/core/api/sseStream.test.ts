/** The shared SSE answer on a real loopback server: order, client disconnect, late writes, errors. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from './apiEnv';
import { ApiError } from './openaiErrors';
import { linkedAbort, sseResponse, type SseSend, type SseWork } from './sseStream';

type Work = (send: SseSend, signal: AbortSignal) => Promise<void>;

interface Served {
  signal: AbortSignal;
  settled: number;
  send: SseSend;
  streamDone: Promise<void> | null;
  status: () => number | null;
  errorCode: () => string | null;
}

let server: http.Server;
let base: string;
const works = new Map<string, Work>();
const served = new Map<string, Served>();

beforeAll(async () => {
  const app = new Hono<ApiEnv>();
  app.get('/s/:name', (c) => {
    const name = c.req.param('name');
    // A plain controller for 'gone': only the stream's own abort link can abort it.
    const controller = name === 'gone' ? new AbortController() : linkedAbort(c);
    const record: Served = {
      signal: controller.signal,
      settled: 0,
      send: () => undefined,
      streamDone: null,
      status: () => c.get('streamStatus') ?? null,
      errorCode: () => c.get('errorCode') ?? null,
    };
    served.set(name, record);
    const work: SseWork = {
      run: (send) => {
        record.send = send;
        return works.get(name)!(send, controller.signal);
      },
      errorEvent: (error) => ({ event: 'error', data: error.body() }),
      settle: () => (record.settled += 1),
    };
    const response = sseResponse(c, controller, work);
    record.streamDone = c.get('streamDone');
    return response;
  });
  server = createAdaptorServer({ fetch: app.fetch }) as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Each event as `event|data`, in the order they arrived. */
function eventsOf(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
      return `${event}|${data}`;
    });
}

describe('sseResponse', () => {
  it('keeps the order of events sent synchronously and across awaits, and settles once', async () => {
    works.set('order', async (send) => {
      for (let i = 0; i < 300; i += 1) {
        send({ i });
        if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      send('[DONE]');
    });
    const response = await fetch(`${base}/s/order`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = eventsOf(await response.text());
    expect(events).toEqual([...Array.from({ length: 300 }, (_, i) => `|{"i":${i}}`), '|[DONE]']);
    await served.get('order')!.streamDone;
    expect(served.get('order')!.settled).toBe(1);
    expect(served.get('order')!.signal.aborted).toBe(false);
  });

  it('aborts the generation when the client disconnects, and still settles and ends the stream', async () => {
    works.set('gone', async (send, signal) => {
      send({ first: true });
      // Stands in for a generation: it runs until its signal says the client went away.
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      send({ after: 'abort' });
    });
    await new Promise<void>((resolve, reject) => {
      const request = http.get(`${base}/s/gone`, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error),
      );
    });
    const record = served.get('gone')!;
    await record.streamDone;
    expect(record.signal.aborted).toBe(true);
    expect(record.settled).toBe(1);
  });

  it('drops a write after the stream ended instead of throwing', async () => {
    works.set('late', async (send) => {
      send('only');
    });
    const text = await (await fetch(`${base}/s/late`)).text();
    const record = served.get('late')!;
    await record.streamDone;
    let serialised = 0;
    expect(() => record.send({ toJSON: () => `late ${(serialised += 1)}` })).not.toThrow();
    expect(serialised).toBe(0);
    expect(eventsOf(text)).toEqual(['|only']);
  });

  it("writes a failure as the API's error event and records its status and code", async () => {
    works.set('fails', async (send) => {
      send('before');
      throw new ApiError(503, 'server_error', 'overloaded', 'Busy');
    });
    const text = await (await fetch(`${base}/s/fails`)).text();
    const record = served.get('fails')!;
    await record.streamDone;
    expect(eventsOf(text)).toEqual([
      '|before',
      'error|{"error":{"message":"Busy","type":"server_error","param":null,"code":"overloaded"}}',
    ]);
    expect(record.status()).toBe(503);
    expect(record.errorCode()).toBe('overloaded');
    expect(record.settled).toBe(1);
  });
});
