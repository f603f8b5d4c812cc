/**
 * Pools over two real Outpost nodes (separate processes on loopback): balancing, transparent failover when a node
 * dies before the first token, a typed error keeping the text when it dies mid-stream, and breaker recovery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateRequest, OutpostError } from '@contract';
import { createMemoryLogger } from '../testing/testPorts';
import type { ModelRouter } from './modelRouter';
import type { NodeService } from './nodeService';
import { addServedNode, createNodeRouter } from './testing/nodeRouterHarness';
import { startOutpostNode, type OutpostNode } from './testing/outpostNode';

// The breaker reads this clock: a test moves it past the backoff instead of waiting, so a slow machine never
// lets a probe through early.
let skewMs = 0;
const clock = { now: () => Date.now() + skewMs };
const logger = createMemoryLogger();
const BACKOFF_MS = 600_000;
let a: OutpostNode;
let b: OutpostNode;
let nodes: NodeService;
let router: ModelRouter;
let counter = 0;

function request(modelId: string, maxTokens = 24, text = 'Hello'): GenerateRequest {
  return GenerateRequest.parse({
    requestId: `pool-${++counter}`,
    modelId,
    messages: [{ role: 'user', content: text }],
    sampling: { maxTokens, seed: counter },
  });
}

const addNode = (name: string, node: OutpostNode) => addServedNode(nodes, name, node.baseUrl, node.key);

beforeAll(async () => {
  [a, b] = await Promise.all([startOutpostNode(), startOutpostNode()]);
  ({ nodes, router } = createNodeRouter({
    clock,
    logger,
    breaker: { threshold: 1, baseBackoffMs: BACKOFF_MS, maxBackoffMs: BACKOFF_MS * 4, window: 20 },
  }));
  addNode('Node A', a);
  addNode('Node B', b);
  nodes.savePool({ name: 'Office', members: ['node:node-a/tiny-1', 'node:node-b/tiny-1'] });
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const health = (id: string) => nodes.tracker(id).snapshot();

describe('model pools over two Outpost nodes', () => {
  it('sends concurrent requests to the least busy member, so both nodes serve', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => router.generate(request('pool:office'), { signal: new AbortController().signal })),
    );
    const servers = results.map((r) => r.servedBy);
    expect(new Set(servers)).toEqual(new Set(['node:node-a/tiny-1', 'node:node-b/tiny-1']));
    expect(results.every((r) => r.finishReason !== 'error')).toBe(true);
    expect(health('node-a').requests).toBe(2);
    expect(health('node-b').requests).toBe(2);
  }, 180_000);

  it('fails over transparently when a member died before the first token, and takes it out', async () => {
    await a.kill();
    const result = await router.generate(request('pool:office'), { signal: new AbortController().signal });
    expect(result.servedBy).toBe('node:node-b/tiny-1');
    expect(health('node-a')).toMatchObject({ breaker: 'open', state: 'down', errors: 1 });
    expect(health('node-a').lastError).toContain('Node A');
    // While A is out, requests go straight to B without trying A again.
    const next = await router.generate(request('pool:office'), { signal: new AbortController().signal });
    expect(next.servedBy).toBe('node:node-b/tiny-1');
    expect(health('node-a').errors).toBe(1);
  }, 120_000);

  it('names the node alone when a single-node model is out', async () => {
    const error = await router
      .generate(request('node:node-a/tiny-1'), { signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({ code: 'node_unavailable', details: { nodeId: 'node-a' } });
  });

  it('lets a probe through after the backoff and closes the breaker once the node is back', async () => {
    a = await startOutpostNode({ dataDir: a.dataDir, port: a.port });
    // The restarted node made a new key; the user pastes it in once.
    nodes.update('node-a', {
      name: 'Node A',
      baseUrl: a.baseUrl,
      kind: 'lan',
      apiKey: a.key,
      enabled: true,
      allowInOffline: false,
    });
    expect(nodes.tracker('node-a').available()).toBe(false);
    skewMs += BACKOFF_MS * 4;
    expect(nodes.tracker('node-a').available()).toBe(true);
    const result = await router.generate(request('node:node-a/tiny-1'), { signal: new AbortController().signal });
    expect(result.servedBy).toBe('node:node-a/tiny-1');
    expect(health('node-a')).toMatchObject({ breaker: 'closed', retryAt: null });
  }, 240_000);

  it('ends with a typed node_unavailable that keeps the text when the node dies mid-stream (no failover)', async () => {
    const bBefore = health('node-b').requests;
    const first = request('pool:office', 3000, 'Write a very long story about the sea, the wind and the stars.');
    let killed: Promise<void> | null = null;
    const streamed: string[] = [];
    const onDelta = (delta: string) => {
      streamed.push(delta);
      // A is the least busy (and first) member: it is serving. Pull its plug at the first text.
      killed ??= a.kill();
    };
    const error = await router
      .generate(first, { signal: new AbortController().signal, onDelta })
      .catch((e: unknown) => e);
    await killed;
    expect(error).toBeInstanceOf(OutpostError);
    const typed = error as OutpostError;
    expect(typed.code).toBe('node_unavailable');
    expect(typed.message).toContain('Node A');
    expect(typed.details).toMatchObject({ nodeId: 'node-a', streamed: true });
    const partial = (typed.details as { partialText: string }).partialText;
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.startsWith(streamed.join('').slice(0, partial.length))).toBe(true);
    expect(health('node-b').requests).toBe(bBefore);
  }, 120_000);
});
