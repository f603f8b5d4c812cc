/** Random payloads to every contract route over the real WebSocket: typed errors only, and the host lives. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@contract';
import { connect, isTypedFailure, makeDataDir, startHost, type FaultHost, type HostClient } from './lib/faultHost';

const RUNS_PER_ROUTE = 25;
// Routes whose valid inputs would stall or wipe the shared host for the rest of the run are still fuzzed,
// but only with inputs that fail validation (a valid one could, say, start a real download).
const SIDE_EFFECT_ROUTES = new Set(['downloads.start', 'models.importPack', 'chat.send', 'chat.preview']);

let host: FaultHost;
let client: HostClient;

beforeAll(async () => {
  host = await startHost(makeDataDir());
  client = await connect(host);
});
afterAll(async () => {
  client.close();
  await host.stop();
});

/** Payloads shaped like real inputs often enough to get past the first check. */
const payload = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom('id', 'query', 'path', 'kind', 'token', 'conversationId', 'text', 'agentId', 'modelId', 'options'),
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.jsonValue(),
      fc.string({ minLength: 1000, maxLength: 5000 }),
    ),
  ),
  fc.constantFrom(undefined, null, {}, [], '', 0, { __proto__: { x: 1 } }, { constructor: { prototype: {} } }),
);

describe('contract fuzz', () => {
  it('answers every route with a valid value or a typed error', async () => {
    const names = Object.keys(routes);
    const untyped: string[] = [];
    for (const route of names) {
      await fc.assert(
        fc.asyncProperty(payload, async (input) => {
          if (SIDE_EFFECT_ROUTES.has(route) && routes[route as keyof typeof routes].input.safeParse(input).success)
            return;
          const reply = await client.request(route, input);
          if (!reply.ok && !isTypedFailure(reply)) untyped.push(`${route}: ${JSON.stringify(reply).slice(0, 200)}`);
          if (!reply.ok) expect(reply.error.code).not.toBe('internal');
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 2026 },
      );
    }
    expect(untyped).toEqual([]);
    expect(host.child.exitCode).toBeNull();
  });

  it('answers malformed frames and unknown routes without dying', async () => {
    for (const frame of ['not json', '{"type":"request"}', '[]', '{"type":"request","id":-1,"route":"x"}']) {
      await client.raw(frame, null);
    }
    const unknown = await client.request('nope.nothing', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_route' } });
    const proto = await client.request('__proto__', {});
    expect(isTypedFailure(proto)).toBe(true);
    expect(await client.request('app.info', {})).toMatchObject({ ok: true });
  });
});
