import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { createMemoryLogger } from '../testing/testPorts';
import { NetworkGuard, guardGlobalFetch } from './networkGuard';

let server: http.Server;
let base: string;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('pong'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function makeGuard(offline: { value: boolean }) {
  const calls: string[] = [];
  const logger = createMemoryLogger();
  const fetchImpl: typeof fetch = (input, init) => {
    calls.push(String(input));
    return realFetch(input, init);
  };
  const guard = new NetworkGuard({ fetchImpl, isOffline: () => offline.value, logger, clock: { now: () => 42 } });
  return { guard, calls, logger };
}

describe('NetworkGuard', () => {
  it('passes allowed requests to the real fetch and logs them', async () => {
    const { guard, calls, logger } = makeGuard({ value: false });
    const response = await guard.fetchFor('download')(`${base}/file?sig=secret`);
    expect(await response.text()).toBe('pong');
    expect(calls).toHaveLength(1);
    expect(guard.recent()).toEqual([
      { at: 42, url: `${base}/file`, purpose: 'download', allowed: true, reason: 'user-started' },
    ]);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'info', message: 'network: allowed' });
  });

  it('refuses in offline mode with a typed error, before any request is made', async () => {
    const offline = { value: true };
    const { guard, calls, logger } = makeGuard(offline);
    const error = await guard
      .fetchFor('hf-search')('https://huggingface.co/api/models')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({ code: 'offline', details: { reason: 'offline-mode', purpose: 'hf-search' } });
    expect(calls).toHaveLength(0);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', message: 'network: refused' });
    // The switch is read per request: turning offline mode off lets the next one through.
    offline.value = false;
    await expect(guard.fetchFor('download')(base)).resolves.toBeInstanceOf(Response);
  });

  it('keeps loopback usable offline and refuses unattributed traffic', async () => {
    const { guard, calls } = makeGuard({ value: true });
    await expect(guard.fetchFor('loopback')(base)).resolves.toBeInstanceOf(Response);
    await expect(guard.fetchFor(null)('https://example.com/')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(calls).toEqual([base]);
  });

  it('bounds its log', async () => {
    const logger = createMemoryLogger();
    const guard = new NetworkGuard({
      fetchImpl: realFetch,
      isOffline: () => true,
      logger,
      clock: { now: () => 0 },
      logSize: 3,
    });
    for (let i = 0; i < 5; i++)
      await guard
        .fetchFor('download')(`https://x.example/${i}`)
        .catch(() => undefined);
    expect(guard.recent().map((entry) => entry.url)).toEqual([
      'https://x.example/2',
      'https://x.example/3',
      'https://x.example/4',
    ]);
  });
});

describe('guardGlobalFetch', () => {
  it('routes global fetch through the guard until undone', async () => {
    const { guard } = makeGuard({ value: false });
    const undo = guardGlobalFetch(guard);
    try {
      await expect(fetch('https://example.com/')).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(fetch(base)).resolves.toBeInstanceOf(Response);
    } finally {
      undo();
    }
    expect(globalThis.fetch).toBe(realFetch);
  });
});
