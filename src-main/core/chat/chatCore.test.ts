/**
 * chat.* through createCore and dispatch, as a transport calls it: templates installed on first start, a turn
 * streamed as chat.event, and a reply left 'streaming' by a crash marked incomplete on the next start.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent } from '@contract';
import { ConversationStore } from '../conversations/conversationStore';
import { DATABASE_FILE_NAME } from '../createCore';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';
import { startCoreHarness, type CoreHarness } from '../testing/coreHarness';
import { createMemoryLogger } from '../testing/testPorts';
import { testAgent } from './testing/chatHarness';

let h: CoreHarness;
const call = <T>(route: string, input: unknown) => h.call<T>(route, input);

beforeAll(async () => {
  h = await startCoreHarness({ models: [{ id: 'tiny-1', seed: 1, load: { contextSize: 1024 } }] });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('chat through the core', () => {
  it('installs the templates, runs a turn over dispatch and streams it as chat.event', async () => {
    const agents = await call<{ definition: { id: string } }[]>('agents.list', {});
    expect(agents.map((a) => a.definition.id)).toContain('customer-service');
    const tools = await call<{ name: string }[]>('tools.list', {});
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['lookup_order', 'create_ticket']));

    await call('agents.create', { definition: testAgent({ id: 'core-agent' }) });
    const conversation = await call<{ id: string }>('conversations.create', { agentId: 'core-agent' });
    const started = await call<{ turnId: string }>('chat.send', { conversationId: conversation.id, text: 'Hello' });
    const busy = await h.fail('chat.send', { conversationId: conversation.id, text: 'Hi' });
    expect(busy).toMatchObject({ code: 'busy' });

    await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 60_000, interval: 100 }).toEqual([]);
    const events = h.events.events
      .filter((e) => e.name === 'chat.event')
      .map((e) => e.payload as ChatEvent)
      .filter((e) => e.turnId === started.turnId);
    expect(events.at(-1)?.event.type).toBe('done');
    const messages = await call<{ role: string; status: string }[]>('conversations.messages', {
      conversationId: conversation.id,
    });
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(await h.fail('chat.regenerate', { conversationId: 'nope' })).toMatchObject({ code: 'not_found' });
  }, 120_000);

  it('warms an opened conversation in the background, so its next turn evaluates only the new message', async () => {
    const systemPrompt = `You answer from the staff handbook. ${'Quote the section of the handbook you used. '.repeat(10)}`;
    await call('agents.create', { definition: testAgent({ id: 'warm-agent', systemPrompt, tools: {} }) });
    const conversation = await call<{ id: string }>('conversations.create', { agentId: 'warm-agent' });
    const warm = () =>
      call<{ outcome: string; prefixTokens: number }>('chat.warm', { conversationId: conversation.id });
    await call('models.unload', { id: 'tiny-1' });
    // Never loads a model: opening a conversation must not evict another one or wait for a load.
    expect(await warm()).toMatchObject({ outcome: 'skipped', reason: 'the model is not loaded' });
    await call('models.load', { id: 'tiny-1' });
    const warmed = await warm();
    expect(warmed.outcome).toBe('evaluated');
    expect(warmed.prefixTokens).toBeGreaterThan(300);
    expect(await warm()).toMatchObject({ outcome: 'held', prefixTokens: warmed.prefixTokens });

    await call('chat.send', { conversationId: conversation.id, text: 'Where are the holidays listed?' });
    await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 120_000, interval: 100 }).toEqual([]);
    const messages = await call<{ role: string; metrics: { cachedPromptTokens?: number } | null }[]>(
      'conversations.messages',
      { conversationId: conversation.id },
    );
    expect(messages.at(-1)?.metrics?.cachedPromptTokens).toBeGreaterThanOrEqual(warmed.prefixTokens);
    expect(await h.fail('chat.warm', { conversationId: 'nope' })).toMatchObject({ code: 'not_found' });
  }, 240_000);

  it('marks a reply left streaming by a crash as incomplete on the next start', async () => {
    await h.stop();
    // What a crash leaves behind: a reply row still 'streaming' with its last saved chunk.
    const { db } = openDatabase(path.join(h.dataDir, DATABASE_FILE_NAME), migrations, createMemoryLogger());
    const store = new ConversationStore({ db, dbFile: DATABASE_FILE_NAME, clock: { now: Date.now } });
    const conversationId = store.create('core-agent').id;
    const reply = store.beginAssistantMessage(conversationId, { agentId: 'core-agent' });
    store.appendToMessage(reply.id, 'Half a sent');
    db.close();

    await h.restart();
    const messages = await call<{ id: string; status: string; content: string; error: { code: string } | null }[]>(
      'conversations.messages',
      { conversationId },
    );
    expect(messages[0]).toMatchObject({ id: reply.id, status: 'incomplete', content: 'Half a sent' });
    expect(messages[0]?.error?.code).toBe('interrupted');
  }, 60_000);

  it('extracts memories after a turn only for an agent with automatic memory on', async () => {
    const memory = { enabled: true, autoExtract: true, maxRecalledFacts: 5 };
    await call('agents.create', { definition: testAgent({ id: 'remembering', memory }) });
    const conversation = await call<{ id: string }>('conversations.create', { agentId: 'remembering' });
    await call('chat.send', { conversationId: conversation.id, text: 'My cat is called Miso and I live in Lyon.' });
    await expect.poll(() => call<unknown[]>('chat.active', {}), { timeout: 120_000, interval: 100 }).toEqual([]);
    // The extraction is a second, grammar-constrained generation whose origin the metrics store records.
    const { db } = openDatabase(path.join(h.dataDir, DATABASE_FILE_NAME), migrations, createMemoryLogger());
    const runs = (origin: string) =>
      (db.prepare('SELECT count(*) AS n FROM inference_requests WHERE origin = ?').get(origin) as { n: number }).n;
    try {
      await expect.poll(() => runs('memory:remembering'), { timeout: 120_000, interval: 200 }).toBe(1);
      expect(runs('memory:core-agent')).toBe(0);
    } finally {
      db.close();
    }
  }, 300_000);
});
