/**
 * The node path against llama.cpp's own `llama-server` (not another Outpost): discovery with probed capabilities,
 * an agent's turn on `node:<id>/<model>` marked with node and model, and a dead server as a typed
 * `node_unavailable`. Skips, saying why, when no llama-server binary was built or given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent, NodeInfo, NodeTestResult } from '@contract';
import { testAgent } from '../chat/testing/chatHarness';
import { createCore, type Core } from '../createCore';
import { createTestPorts } from '../testing/testPorts';
import { findLlamaServer, startLlamaServer, type LlamaServerNode } from './testing/llamaServerNode';

const found = findLlamaServer();
const ctx = { signal: new AbortController().signal };
let server: LlamaServerNode;
let core: Core;
let events: ReturnType<typeof createTestPorts>['events'];

async function call<T>(route: string, input: unknown): Promise<T> {
  const reply = await core.dispatch({ route, input } as never, ctx);
  if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

async function runTurn(agentId: string) {
  const conversation = await call<{ id: string }>('conversations.create', { agentId });
  const { turnId } = await call<{ turnId: string }>('chat.send', { conversationId: conversation.id, text: 'Hello' });
  await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 120_000, interval: 100 }).toEqual([]);
  const last = events.events
    .filter((e) => e.name === 'chat.event' && (e.payload as ChatEvent).turnId === turnId)
    .map((e) => (e.payload as ChatEvent).event)
    .at(-1);
  const messages = await call<{ role: string; modelId: string | null; status: string }[]>('conversations.messages', {
    conversationId: conversation.id,
  });
  return { last, reply: messages.at(-1) };
}

describe.skipIf(found.path === null)(
  `llama.cpp's llama-server as a node${found.path === null ? ` (skipped: ${found.why})` : ''}`,
  () => {
    beforeAll(async () => {
      server = await startLlamaServer(found.path!);
      const t = createTestPorts();
      events = t.events;
      core = await createCore(t.ports);
    }, 180_000);

    afterAll(async () => {
      await core?.dispose();
      await server?.kill();
    });

    it('is added with its key, tested, and its model discovered with probed capabilities', async () => {
      const added = await call<NodeInfo>('nodes.add', {
        name: 'Llama server',
        baseUrl: server.baseUrl,
        kind: 'lan',
        apiKey: server.key,
      });
      const tested = await call<NodeTestResult>('nodes.test', { id: added.id });
      expect(tested).toMatchObject({ ok: true, error: null });
      expect(tested.modelIds).toContain(server.modelId);
      const discovered = await call<NodeInfo>('nodes.discover', { id: added.id });
      const model = discovered.models.find((m) => m.id === server.modelId);
      expect(model?.capabilities.streaming).toBe(true);
      expect(model?.probedAt).not.toBeNull();
    }, 240_000);

    it("runs an agent's turn on the server's model, marked with node and model", async () => {
      await call('agents.create', {
        definition: testAgent({ id: 'on-llama', model: { preferred: `node:llama-server/${server.modelId}` } }),
      });
      const { last, reply } = await runTurn('on-llama');
      expect(last).toMatchObject({ type: 'done' });
      expect(reply).toMatchObject({
        role: 'assistant',
        status: 'complete',
        modelId: `node:llama-server/${server.modelId}`,
      });
    }, 180_000);

    it('a killed server is a typed node_unavailable naming the node', async () => {
      await server.kill();
      const { last } = await runTurn('on-llama');
      expect(last).toMatchObject({ type: 'error', code: 'node_unavailable' });
      expect((last as { message: string }).message).toContain('Llama server');
    }, 180_000);
  },
);
