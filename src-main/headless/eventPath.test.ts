/**
 * The event path end to end on the real headless host: a client subscribed to one conversation receives that
 * conversation's streamed reply about once (bytes bounded by the reply's length), and nothing of another
 * conversation or of monitoring that another client watches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChatDelta, ChatEvent, MessageView } from '@contract';
import { writeTestModel } from '../../scripts/test-model/make-test-model';
import { testAgent } from '../core/chat/testing/chatHarness';
import { createCore, type Core } from '../core/createCore';
import { testLoadOptions } from '../core/inference/testing/engineHarness';
import { modelsDirFor } from '../core/models/modelRegistry';
import { createTestPorts, makeTempDir } from '../core/testing/testPorts';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from '../../src-preload/wire';
import { startHeadlessServer, type HeadlessServer } from './server';

const TOKEN = 'e'.repeat(48);
let core: Core;
let server: HeadlessServer;

interface Frame {
  type: 'response' | 'event';
  id?: number;
  result?: { ok: boolean; value?: unknown; error?: unknown };
  name?: string;
  payload?: unknown;
}

/** A bare client of the wire protocol that counts the bytes of every event frame it receives. */
class Client {
  readonly events: { name: string; payload: unknown; bytes: number }[] = [];
  private readonly pending = new Map<number, (frame: Frame) => void>();
  private nextId = 1;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as Frame;
      if (frame.type === 'event') this.events.push({ name: frame.name!, payload: frame.payload, bytes: text.length });
      else this.pending.get(frame.id!)?.(frame);
    });
  }

  static async open(): Promise<Client> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}`, [WS_TOKEN_PROTOCOL_PREFIX + TOKEN], {
      headers: { Origin: `http://127.0.0.1:${server.port}` },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Client(ws);
  }

  async call<T>(route: string, input: unknown): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<Frame>((resolve) => this.pending.set(id, resolve));
    this.ws.send(JSON.stringify({ type: 'request', id, route, input }));
    const frame = await reply;
    if (!frame.result?.ok) throw new Error(`${route} failed: ${JSON.stringify(frame.result?.error)}`);
    return frame.result.value as T;
  }

  turnEnded(turnId: string): boolean {
    return this.events.some((e) => {
      const p = e.payload as ChatEvent;
      return e.name === 'chat.event' && p.turnId === turnId && ['done', 'error', 'aborted'].includes(p.event.type);
    });
  }

  close(): void {
    this.ws.close();
  }
}

beforeAll(async () => {
  const dataDir = makeTempDir('outpost-event-path-');
  await writeTestModel(path.join(modelsDirFor(dataDir), 'tiny-1.gguf'), { shape: 'tiny', seed: 1 });
  const rendererDir = makeTempDir('outpost-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Outpost</title>');
  const t = createTestPorts(dataDir);
  core = await createCore(t.ports);
  server = await startHeadlessServer({ core, rendererDir, token: TOKEN, port: 0, logger: t.logger });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

describe('event path over the headless host', () => {
  it('sends one subscribed conversation its reply once, and nothing of another conversation or monitoring', async () => {
    const watcher = await Client.open();
    const reader = await Client.open();
    await watcher.call('models.setLoadOptions', { id: 'tiny-1', options: testLoadOptions({ contextSize: 1024 }) });
    await watcher.call('agents.create', {
      definition: testAgent({ id: 'talker', sampling: { maxTokens: 400, seed: 3 } }),
    });
    const other = await watcher.call<{ id: string }>('conversations.create', { agentId: 'talker' });
    const mine = await reader.call<{ id: string }>('conversations.create', { agentId: 'talker' });
    await watcher.call('events.subscribe', { topics: [`conversation:${other.id}`, 'monitoring'] });
    await reader.call('events.subscribe', { topics: [`conversation:${mine.id}`] });

    // Another conversation's turn and the monitor's samples run while this client's reply streams.
    const theirs = await watcher.call<{ turnId: string }>('chat.send', { conversationId: other.id, text: 'Hi' });
    const started = await reader.call<{ turnId: string }>('chat.send', {
      conversationId: mine.id,
      text: 'Tell me a long story.',
    });
    await expect.poll(() => reader.turnEnded(started.turnId), { timeout: 120_000, interval: 100 }).toBe(true);
    await expect.poll(() => watcher.turnEnded(theirs.turnId), { timeout: 120_000, interval: 100 }).toBe(true);
    await expect.poll(() => watcher.events.some((e) => e.name === 'monitoring.sample'), { timeout: 15_000 }).toBe(true);

    const messages = await reader.call<MessageView[]>('conversations.messages', { conversationId: mine.id });
    const reply = messages.at(-1)!;
    expect(reply).toMatchObject({ role: 'assistant', status: 'complete' });
    expect(reply.content.length).toBeGreaterThan(100);

    const names = new Set(reader.events.map((e) => e.name));
    expect(names.has('monitoring.sample')).toBe(false);
    expect(reader.events.every((e) => e.name === 'chat.event' || e.name === 'chat.delta')).toBe(true);
    expect(reader.events.every((e) => (e.payload as { conversationId: string }).conversationId === mine.id)).toBe(true);
    // The reply's text crossed once: the deltas add up to the stored row.
    const deltas = reader.events.filter((e) => e.name === 'chat.delta').map((e) => e.payload as ChatDelta);
    expect(deltas.map((d) => d.delta).join('')).toBe(reply.content);
    const bytes = reader.events.reduce((n, e) => n + e.bytes, 0);
    console.info(
      `event bytes ${bytes} for a ${reply.content.length}-character reply in ${reader.events.length} events`,
    );
    expect(bytes).toBeLessThanOrEqual(2 * reply.content.length + 4096);
    watcher.close();
    reader.close();
  }, 240_000);
});
