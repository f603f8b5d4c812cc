import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { AgentStore } from '../agents/agentStore';
import { openTestDb, sampleAgent, sampleMetrics, type TestDb } from '../agents/testing/agentFixtures';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';
import { createMemoryLogger } from '../testing/testPorts';
import { ConversationStore, INTERRUPTED_NOTE } from './conversationStore';
import { titleFromMessage } from './conversationTitle';

let t: TestDb;
let store: ConversationStore;

const metrics = sampleMetrics;

beforeEach(() => {
  t = openTestDb();
  new AgentStore(t.db, t.dbFile, t.clock).create(sampleAgent());
  store = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
});
afterEach(() => {
  if (t.db.open) t.db.close();
});

describe('ConversationStore', () => {
  it('titles a conversation from its first user message, until the user renames it', () => {
    const c = store.create('helper');
    expect(c.title).toBe('New conversation');
    store.addMessage(c.id, {
      role: 'user',
      content: '  How do I   plan a garden\nfor a small balcony that gets only morning sun and strong wind?',
    });
    expect(store.get(c.id).title).toBe('How do I plan a garden for a small balcony that gets only…');
    store.addMessage(c.id, { role: 'user', content: 'second question' });
    expect(store.get(c.id).title).toMatch(/^How do I/);
    expect(store.rename(c.id, '  Balcony  ').title).toBe('Balcony');
    expect(store.get(c.id).titleEdited).toBe(true);
  });

  it('cuts titles at a word boundary near 60 characters', () => {
    expect(titleFromMessage('short')).toBe('short');
    expect(titleFromMessage('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
    const title = titleFromMessage('word '.repeat(30));
    expect(title.length).toBeLessThanOrEqual(61);
    expect(title.endsWith('word…')).toBe(true);
  });

  it('lists per agent, pinned first then most recent', () => {
    const a = store.create('helper');
    const b = store.create('helper');
    const c = store.create('helper');
    store.addMessage(a.id, { role: 'user', content: 'bump a' });
    store.setPinned(c.id, true);
    expect(store.listByAgent('helper').map((x) => x.id)).toEqual([c.id, a.id, b.id]);
    expect(() => store.create('nobody')).toThrow(OutpostError);
  });

  it('persists a streaming reply chunk by chunk and completes it with metrics', () => {
    const c = store.create('helper');
    store.addMessage(c.id, { role: 'user', content: 'hi' });
    const started = store.beginAssistantMessage(c.id, {
      agentId: 'helper',
      modelId: 'm1',
      routerLabel: 'general',
      routerReason: 'fits',
    });
    expect(started.status).toBe('streaming');
    store.appendToMessage(started.id, 'Hel');
    store.appendToMessage(started.id, 'lo');
    expect(store.getMessage(started.id).content).toBe('Hello');

    const calls = [{ name: 'calculator', params: { expression: '1+1' }, result: 2 }];
    const done = store.completeMessage(started.id, { content: 'Hello there', metrics, functionCalls: calls });
    expect(done).toMatchObject({
      status: 'complete',
      content: 'Hello there',
      metrics,
      functionCalls: calls,
      modelId: 'm1',
      routerLabel: 'general',
    });
    expect(() => store.appendToMessage(started.id, 'late')).toThrow(/not streaming/);
  });

  it('keeps the streamed text of a failed reply with its error', () => {
    const c = store.create('helper');
    const m = store.beginAssistantMessage(c.id);
    store.appendToMessage(m.id, 'partial');
    const failed = store.failMessage(m.id, { code: 'worker_crashed', message: 'the model worker stopped' });
    expect(failed).toMatchObject({ status: 'error', content: 'partial', error: { code: 'worker_crashed' } });
  });

  it('after a crash, recovery turns streaming replies into incomplete ones without losing text', () => {
    const c = store.create('helper');
    const m = store.beginAssistantMessage(c.id);
    store.appendToMessage(m.id, 'The answer is');
    t.db.close(); // the app dies here: nothing else is written

    const { db } = openDatabase(t.dbFile, migrations, createMemoryLogger());
    const reopened = new ConversationStore({ db, dbFile: t.dbFile, clock: t.clock });
    expect(reopened.recoverInterrupted()).toBe(1);
    expect(reopened.getMessage(m.id)).toMatchObject({
      status: 'incomplete',
      content: 'The answer is',
      error: { code: 'interrupted', message: INTERRUPTED_NOTE },
    });
    expect(reopened.recoverInterrupted()).toBe(0);
    db.close();
  });

  it('truncateAfter removes later messages only, for edit-and-rerun', () => {
    const c = store.create('helper');
    const other = store.create('helper');
    const u1 = store.addMessage(c.id, { role: 'user', content: 'first' });
    store.addMessage(c.id, { role: 'assistant', content: 'reply one' });
    const u2 = store.addMessage(c.id, { role: 'user', content: 'second' });
    store.addMessage(c.id, { role: 'assistant', content: 'reply two' });
    store.addMessage(other.id, { role: 'user', content: 'elsewhere' });

    store.editMessage(u2.id, 'second, edited');
    expect(store.truncateAfter(u2.id)).toBe(1);
    expect(store.messages(c.id).map((m) => m.content)).toEqual(['first', 'reply one', 'second, edited']);
    expect(store.truncateAfter(u1.id)).toBe(2);
    expect(store.messages(other.id)).toHaveLength(1);
    expect(store.search('edited')).toEqual([]);
  });

  it('exports Markdown and JSON', () => {
    const c = store.create('helper');
    store.addMessage(c.id, { role: 'user', content: 'What is 2+2?' });
    const m = store.beginAssistantMessage(c.id, { agentId: 'helper', modelId: 'tiny' });
    store.completeMessage(m.id, {
      content: 'It is 4.',
      metrics,
      functionCalls: [{ name: 'calculator', params: { e: '2+2' }, result: '```4```' }],
    });
    const cut = store.beginAssistantMessage(c.id);
    store.appendToMessage(cut.id, 'half');
    store.recoverInterrupted();

    const md = store.exportConversation(c.id, 'markdown');
    expect(md).toMatch(/^# What is 2\+2\?\n/);
    expect(md).toContain('## User');
    expect(md).toContain('## Assistant (helper · tiny)');
    expect(md).toContain('````json');
    expect(md).toContain('> ⚠️ Incomplete reply.');

    const json = z
      .object({
        outpostConversation: z.number(),
        messages: z.array(z.object({ metrics: z.unknown(), status: z.string() })),
      })
      .parse(JSON.parse(store.exportConversation(c.id, 'json')));
    expect(json.outpostConversation).toBe(1);
    expect(json.messages.map((x) => x.status)).toEqual(['complete', 'complete', 'incomplete']);
    expect(json.messages[1]?.metrics).toEqual(metrics);
  });

  it('deleting a conversation removes its messages from search', () => {
    const c = store.create('helper');
    store.addMessage(c.id, { role: 'user', content: 'zebra crossing' });
    store.delete(c.id);
    expect(store.search('zebra')).toEqual([]);
    expect(() => store.get(c.id)).toThrow(/No conversation/);
  });
});
