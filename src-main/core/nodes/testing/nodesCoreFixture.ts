/**
 * The nodes suites' setup: this test's core (the desktop, with a local generated model `tiny-1` for escalation) and
 * a second Outpost in its own process serving its API (the node), with route helpers over the core's dispatch.
 */
import path from 'node:path';
import { expect } from 'vitest';
import type { ChatEvent, NodeInfo } from '@contract';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import { createCore, type Core } from '../../createCore';
import { modelsDirFor } from '../../models/modelRegistry';
import { createTestPorts, type LogLine } from '../../testing/testPorts';
import { startOutpostNode, type OutpostNode } from './outpostNode';

const ctx = { signal: new AbortController().signal };

export interface TurnRow {
  id: string;
  role: string;
  status: string;
  modelId: string | null;
  content: string;
  error: { code: string } | null;
  routerLabel: string | null;
  routerReason: string | null;
}

export interface NodesCoreFixture {
  node: OutpostNode;
  core: Core;
  events: ReturnType<typeof createTestPorts>['events'];
  logLines: LogLine[];
  call<T>(route: string, input: unknown): Promise<T>;
  /** The route's typed error; throws when it succeeds. */
  failure(route: string, input: unknown): Promise<{ code: string; message: string; details?: unknown }>;
  /** Resolves once no chat turn runs. */
  settle(): Promise<void>;
  /** The chat.event steps of one turn, in order. */
  turnEvents(turnId: string): ChatEvent['event'][];
  /** A new conversation with the agent, one message sent and answered: its events and stored rows. */
  runTurn(
    agentId: string,
    text: string,
    toolChoice?: 'auto' | 'required',
  ): Promise<{ events: ChatEvent['event'][]; messages: TurnRow[]; conversationId: string }>;
  /** Adds the node as "GPU box" (id gpu-box) with its key and discovers its models. */
  addGpuBox(): Promise<NodeInfo>;
  stop(): Promise<void>;
}

export async function startNodesCore(): Promise<NodesCoreFixture> {
  const node = await startOutpostNode();
  const t = createTestPorts();
  let core: Core;
  try {
    await writeTestModel(path.join(modelsDirFor(t.dataDir), 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
    // Health is asserted from the requests the tests make: the test ports leave periodic checks off.
    core = await createCore(t.ports);
  } catch (error) {
    await node.stop();
    throw error;
  }
  const events = t.events;

  async function call<T>(route: string, input: unknown): Promise<T> {
    const reply = await core.dispatch({ route, input } as never, ctx);
    if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  }
  const settle = async () => {
    await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 120_000, interval: 100 }).toEqual([]);
  };
  const turnEvents = (turnId: string) =>
    events.events
      .filter((e) => e.name === 'chat.event' && (e.payload as ChatEvent).turnId === turnId)
      .map((e) => (e.payload as ChatEvent).event);

  return {
    node,
    core,
    events,
    logLines: t.logger.lines,
    call,
    async failure(route, input) {
      const reply = await core.dispatch({ route, input } as never, ctx);
      if (reply.ok) throw new Error(`${route} should have failed`);
      return reply.error;
    },
    settle,
    turnEvents,
    async runTurn(agentId, text, toolChoice = 'auto') {
      const conversation = await call<{ id: string }>('conversations.create', { agentId });
      const { turnId } = await call<{ turnId: string }>('chat.send', {
        conversationId: conversation.id,
        text,
        toolChoice,
      });
      await settle();
      const messages = await call<TurnRow[]>('conversations.messages', { conversationId: conversation.id });
      return { events: turnEvents(turnId), messages, conversationId: conversation.id };
    },
    async addGpuBox() {
      const added = await call<NodeInfo>('nodes.add', {
        name: 'GPU box',
        baseUrl: node.baseUrl,
        kind: 'lan',
        apiKey: node.key,
      });
      await call<NodeInfo>('nodes.discover', { id: added.id });
      return added;
    },
    async stop() {
      await core.dispose();
      await node.stop();
    },
  };
}
