/**
 * Periodic health checks against a real node: a second Outpost started with `--serve`, killed, and started again
 * on the same port. The desktop core's events are read the way a window gets them: subscribed to the `nodes` topic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, NodeHealthEvent, NodeInfo } from '@contract';
import { startServedHost, type ServedHost } from './testing/servedHost';
import { freePort } from '../core/api/testing/apiHarness';
import { createCore, type Core } from '../core/createCore';
import { createTestPorts } from '../core/testing/testPorts';

const ctx = { signal: new AbortController().signal };
const KEY = 'op-health-check-test-key-0123';
let core: Core;
let host: ServedHost;
let port: number;
let nodeId: string;
const received: { name: EventName; payload: unknown }[] = [];

async function call<T>(route: string, input: unknown): Promise<T> {
  const reply = await core.dispatch({ route, input } as never, ctx);
  if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

const serve = (dataDir?: string) =>
  startServedHost({
    dataDir,
    serveArgs: ['--listen', '127.0.0.1', '--api-port', String(port), '--allow', '127.0.0.1'],
    env: { OUTPOST_API_KEY: KEY },
  });

function healthEvents(): NodeHealthEvent[] {
  return received.filter((e) => e.name === 'nodes.health').map((e) => e.payload as NodeHealthEvent);
}
const lastHealth = () => healthEvents().findLast((e) => e.nodeId === nodeId)?.health;

beforeAll(async () => {
  port = await freePort();
  host = await serve();
  core = await createCore(createTestPorts().ports);
  core.connect((name, payload) => received.push({ name, payload })).subscribe(['nodes']);
  nodeId = (
    await call<NodeInfo>('nodes.add', { name: 'box', baseUrl: `http://127.0.0.1:${port}/v1`, kind: 'lan', apiKey: KEY })
  ).id;
}, 120_000);

afterAll(async () => {
  await core?.dispose();
  await host?.stop();
});

describe('periodic node health checks', () => {
  it('run at the interval setting and report each node on the nodes topic', async () => {
    await call('settings.set', { nodeHealthCheckSeconds: 1 });
    await expect
      .poll(() => lastHealth(), { timeout: 30_000, interval: 100 })
      .toMatchObject({
        state: 'healthy',
        lastCheckOk: true,
        requests: 0,
      });
    expect(healthEvents().at(-1)).toMatchObject({ nodeId, name: 'box' });
  }, 60_000);

  it('mark a node that died down and bring it back when it answers again', async () => {
    await host.kill();
    await expect
      .poll(() => lastHealth(), { timeout: 30_000, interval: 100 })
      .toMatchObject({
        state: 'down',
        breaker: 'open',
        lastCheckOk: false,
      });
    // The state change also goes out as the whole list, for screens that show every node.
    const changed = received.filter((e) => e.name === 'nodes.changed').map((e) => e.payload as NodeInfo[]);
    expect(changed.some((list) => list.find((n) => n.id === nodeId)?.health.state === 'down')).toBe(true);
    expect(lastHealth()?.lastError).toMatch(/unavailable/);

    host = await serve(host.dataDir);
    await expect
      .poll(() => lastHealth(), { timeout: 60_000, interval: 100 })
      .toMatchObject({
        breaker: 'closed',
        lastCheckOk: true,
      });
  }, 150_000);

  it('stop at 0; "check now" still runs one round, and a wrong key shows without taking the node out', async () => {
    await call('settings.set', { nodeHealthCheckSeconds: 0 });
    const node = (await call<NodeInfo[]>('nodes.list', {})).find((n) => n.id === nodeId)!;
    await call('nodes.update', {
      id: nodeId,
      node: { name: node.name, baseUrl: node.baseUrl, kind: node.kind, apiKey: 'op-not-the-right-key-000' },
    });
    const checked = await call<NodeInfo[]>('nodes.checkHealth', {});
    expect(checked.find((n) => n.id === nodeId)?.health).toMatchObject({
      breaker: 'closed',
      lastCheckOk: false,
      lastError: expect.stringMatching(/refused the API key \(401\)/),
    });
    expect(lastHealth()?.lastCheckOk).toBe(false);
  }, 60_000);
});
