/**
 * The node path against llama.cpp's own `llama-server` (not another Outpost): discovery with probed capabilities and
 * the context size it reports, an agent's streamed turn on `node:<id>/<model>` marked with node and model and counted
 * from the server's usage, a forced tool call the server does not force, and a dead server as a typed
 * `node_unavailable`. Skips, saying why, when no llama-server binary was built or given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, ChatEvent, NodeInfo, NodeTestResult } from '@contract';
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

type Row = {
  role: string;
  modelId: string | null;
  status: string;
  error: { code: string } | null;
  metrics: { promptTokens: number; completionTokens: number } | null;
};

async function runTurn(agentId: string, toolChoice: 'auto' | 'required' = 'auto') {
  const conversation = await call<{ id: string }>('conversations.create', { agentId });
  const { turnId } = await call<{ turnId: string }>('chat.send', {
    conversationId: conversation.id,
    text: 'Hello',
    toolChoice,
  });
  await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 120_000, interval: 100 }).toEqual([]);
  const seen = events.events
    .filter((e) => e.name === 'chat.event' && (e.payload as ChatEvent).turnId === turnId)
    .map((e) => (e.payload as ChatEvent).event);
  const messages = await call<Row[]>('conversations.messages', { conversationId: conversation.id });
  return { seen, last: seen.at(-1), messages, reply: messages.at(-1), conversationId: conversation.id };
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
      // Its JSON-schema grammar holds even for random weights; the context is the one it runs with (-c), read from
      // /v1/models' meta.n_ctx rather than the model's trained 4,096, so prompts are budgeted for what it can hold.
      expect(model?.capabilities.jsonSchema).toBe(true);
      expect(model?.contextSize).toBe(1024);
      expect(model?.probedAt).not.toBeNull();
    }, 240_000);

    it("runs an agent's turn on the server's model, marked with node and model", async () => {
      await call('agents.create', {
        definition: testAgent({ id: 'on-llama', model: { preferred: `node:llama-server/${server.modelId}` } }),
      });
      const { seen, last, reply } = await runTurn('on-llama');
      expect(last).toMatchObject({ type: 'done' });
      expect(reply).toMatchObject({
        role: 'assistant',
        status: 'complete',
        modelId: `node:llama-server/${server.modelId}`,
      });
      // Streamed over SSE: the text arrived as deltas; the token counts are the server's own usage chunk.
      expect(events.events.some((e) => e.name === 'chat.delta')).toBe(true);
      // The prompt was budgeted for the server's 1,024-token context less the agent's 256-token reply reserve.
      expect(seen.filter((e) => e.type === 'context').at(-1)).toMatchObject({ budget: 1024 - 256 });
      expect(reply?.metrics?.promptTokens).toBeGreaterThan(0);
      expect(reply?.metrics?.completionTokens).toBeGreaterThan(0);
      const health = (await call<NodeInfo[]>('nodes.list', {}))[0]!.health;
      expect(health).toMatchObject({ state: 'healthy', errors: 0 });
      expect(health.completionTokens).toBeGreaterThanOrEqual(reply!.metrics!.completionTokens);
    }, 180_000);

    it('a forced tool call the server does not force (template without tool syntax) ends in a text answer', async () => {
      // llama-server only constrains tool calls for chat templates that spell them out; the generated model's plain
      // ChatML does not, so "required" reaches the model as free text. The runtime's cut-off path still answers.
      await call('agents.create', {
        definition: testAgent({
          id: 'llama-tools',
          model: { preferred: `node:llama-server/${server.modelId}` },
          tools: { current_datetime: 'allow' },
        }),
      });
      const { seen, last, messages } = await runTurn('llama-tools', 'required');
      expect(last).toMatchObject({ type: 'done' });
      expect(messages.map((m) => `${m.role}:${m.status}:${m.error?.code ?? ''}`)).toEqual([
        'user:complete:',
        'assistant:error:tool_call_cut_off',
        'assistant:complete:',
      ]);
      expect(seen.some((e) => e.type === 'tool-call-started')).toBe(false);
      expect(await call<AuditRecord[]>('tools.audit', { agentId: 'llama-tools' })).toEqual([]);
    }, 180_000);

    it('a killed server is a typed node_unavailable naming the node', async () => {
      await server.kill();
      const { last } = await runTurn('on-llama');
      expect(last).toMatchObject({ type: 'error', code: 'node_unavailable' });
      expect((last as { message: string }).message).toContain('Llama server');
    }, 180_000);
  },
);
