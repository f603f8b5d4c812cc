/** Protocol edge cases against a misbehaving server: each ends in a typed error that says whether text streamed. */
import { afterEach, describe, expect, it } from 'vitest';
import { GenerateRequest, OutpostError } from '@contract';
import { NetworkGuard } from '../net/networkGuard';
import { createMemoryLogger } from '../testing/testPorts';
import type { NodeConnection } from './nodeClient';
import { generateRemote, RemoteGenerateError } from './remoteEngine';
import { startMisbehavingNode, type MisbehavingNode } from './testing/misbehavingNode';

const clock = { now: Date.now };
let server: MisbehavingNode | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function connection(
  baseUrl: string,
  guard = new NetworkGuard({ fetchImpl: fetch, isOffline: () => false, logger: createMemoryLogger(), clock }),
): NodeConnection {
  return {
    node: { id: 'bad', name: 'Bad node', baseUrl, kind: 'lan', enabled: true, allowInOffline: false, createdAt: 0 },
    apiKey: 'secret',
    fetch: guard.fetchFor('node-lan'),
  };
}

const request = GenerateRequest.parse({
  requestId: 'r1',
  modelId: 'node:bad/m',
  messages: [{ role: 'user', content: 'hi' }],
});

async function failure(promise: Promise<unknown>): Promise<RemoteGenerateError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteGenerateError);
  return error as RemoteGenerateError;
}

describe('remote generation edge cases', () => {
  it('streams a well-formed reply and reports its deltas', async () => {
    server = await startMisbehavingNode('ok');
    const deltas: string[] = [];
    const { result } = await generateRemote(
      connection(server.baseUrl),
      'm',
      request,
      {
        signal: new AbortController().signal,
        onDelta: (d) => deltas.push(d),
      },
      clock,
    );
    expect(result).toMatchObject({ text: 'Hello', finishReason: 'stop', requestId: 'r1' });
    expect(deltas).toEqual(['Hel', 'lo']);
  });

  it('gives up on headers that never come: node_unavailable, nothing streamed', async () => {
    server = await startMisbehavingNode('slow-headers');
    const error = await failure(
      generateRemote(connection(server.baseUrl), 'm', request, { signal: new AbortController().signal }, clock, {
        headersMs: 300,
        idleMs: 300,
      }),
    );
    expect(error.error.code).toBe('node_unavailable');
    expect(error.error.message).toContain('Bad node');
    expect(error).toMatchObject({ nodeFault: true, streamed: false });
  });

  it('turns a 500 into node_unavailable that a pool may fail over', async () => {
    server = await startMisbehavingNode('status-500');
    const error = await failure(
      generateRemote(connection(server.baseUrl), 'm', request, { signal: new AbortController().signal }, clock),
    );
    expect(error.error.code).toBe('node_unavailable');
    expect(error).toMatchObject({ nodeFault: true, streamed: false });
  });

  it('reports malformed SSE as a node fault', async () => {
    server = await startMisbehavingNode('malformed-sse');
    const error = await failure(
      generateRemote(connection(server.baseUrl), 'm', request, { signal: new AbortController().signal }, clock),
    );
    expect(error.error.code).toBe('node_unavailable');
    expect(error.nodeFault).toBe(true);
  });

  it('keeps the text of a stream cut midway and says it streamed', async () => {
    server = await startMisbehavingNode('cut-after-text');
    const error = await failure(
      generateRemote(connection(server.baseUrl), 'm', request, { signal: new AbortController().signal }, clock),
    );
    expect(error.error.code).toBe('node_unavailable');
    expect(error.streamed).toBe(true);
    expect(error.error.details).toMatchObject({ nodeId: 'bad', partialText: 'Hello', streamed: true });
  });

  it('is refused by the guard in offline mode before any socket opens, and the refusal is logged', async () => {
    server = await startMisbehavingNode('ok');
    const lan = server.baseUrl.replace('127.0.0.1', '192.168.1.50');
    const guard = new NetworkGuard({ fetchImpl: fetch, isOffline: () => true, logger: createMemoryLogger(), clock });
    const error = await failure(
      generateRemote(connection(lan, guard), 'm', request, { signal: new AbortController().signal }, clock),
    );
    expect(error.error).toBeInstanceOf(OutpostError);
    expect(error.error.code).toBe('offline');
    expect(error.nodeFault).toBe(false);
    expect(guard.recent().at(-1)).toMatchObject({ purpose: 'node-lan', allowed: false, reason: 'offline-mode' });
    expect(server.requests).toBe(0);
  });
});
