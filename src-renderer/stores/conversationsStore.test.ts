import { OutpostError, type SearchHitView } from '@contract';
import { describe, expect, it } from 'vitest';
import { conversation } from '../testing/chatFixtures';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { createConversationsStore } from './conversationsStore';
import { splitSnippet, sortConversations } from './conversationsState';

const hit = (conversationId: string, snippet: string): SearchHitView => ({
  conversationId,
  conversationTitle: 'T',
  agentId: 'helper',
  messageId: 'm1',
  role: 'user',
  snippet,
  rank: -1,
  createdAt: 1,
});

describe('splitSnippet', () => {
  it('marks the words between \\u0002 and \\u0003', () => {
    expect(splitSnippet('the \u0002invoice\u0003 for \u0002March\u0003.')).toEqual([
      { text: 'the ', match: false },
      { text: 'invoice', match: true },
      { text: ' for ', match: false },
      { text: 'March', match: true },
      { text: '.', match: false },
    ]);
  });

  it('never shows a marker, even unbalanced', () => {
    const text = splitSnippet('a\u0003b\u0002c')
      .map((p) => p.text)
      .join('');
    expect(text).toBe('abc');
  });
});

describe('sortConversations', () => {
  it('puts pinned first, then the most recently updated', () => {
    const list = [
      conversation('a', { updatedAt: 5 }),
      conversation('b', { updatedAt: 9 }),
      conversation('c', { updatedAt: 1, pinned: true }),
    ];
    expect(sortConversations(list).map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('conversations store', () => {
  it('lists an agent on select, keeps it fresh on changes and drops deleted ones', async () => {
    const list = [conversation('a')];
    const bridge = createFakeBridge({ 'conversations.list': async () => list });
    const store = createConversationsStore(() => bridge);
    store.getState().startSync();
    store.getState().selectAgent('helper');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().byAgent.helper?.map((c) => c.id)).toEqual(['a']);

    const listed = bridge.calls.filter((c) => c.route === 'conversations.list').length;
    const b = conversation('b', { updatedAt: 3, title: 'Named by its first message' });
    bridge.emit('conversations.changed', { agentId: 'helper', conversationId: 'b', deleted: false, conversation: b });
    expect(store.getState().byAgent.helper?.map((c) => [c.id, c.title])).toEqual([
      ['b', 'Named by its first message'],
      ['a', 'Chat a'],
    ]);
    // The row came with the event: the list was not fetched again.
    expect(bridge.calls.filter((c) => c.route === 'conversations.list')).toHaveLength(listed);

    bridge.emit('conversations.changed', { agentId: 'helper', conversationId: 'b', deleted: true, conversation: null });
    expect(store.getState().byAgent.helper?.map((c) => c.id)).toEqual(['a']);
  });

  it('renames in place and reports a refused rename with the conversation it was about', async () => {
    const bridge = createFakeBridge({
      'conversations.create': async () => conversation('a'),
      'conversations.rename': async ({ title }) => conversation('a', { title, titleEdited: true }),
    });
    const store = createConversationsStore(() => bridge);
    await store.getState().create('helper');
    expect(await store.getState().rename('a', 'Budget')).toBe(true);
    expect(store.getState().find('a')).toMatchObject({ title: 'Budget', titleEdited: true });

    bridge.handlers['conversations.rename'] = async () => {
      throw new OutpostError('bad_request', 'title: must not be empty');
    };
    expect(await store.getState().rename('a', ' ')).toBe(false);
    expect(store.getState().actionError).toMatchObject({ conversationId: 'a', error: { code: 'bad_request' } });
    expect(store.getState().find('a')?.title).toBe('Budget');
  });

  it('delete removes the conversation from lists and search hits', async () => {
    const bridge = createFakeBridge({
      'conversations.list': async () => [conversation('a'), conversation('b')],
      'conversations.delete': async () => ({ deleted: true }),
      'conversations.search': async () => [hit('a', 'x'), hit('b', 'y')],
    });
    const store = createConversationsStore(() => bridge);
    await store.getState().refresh('helper');
    await store.getState().runSearch('x');
    await store.getState().remove('a');
    expect(store.getState().byAgent.helper?.map((c) => c.id)).toEqual(['b']);
    expect(store.getState().search.hits.map((h) => h.conversationId)).toEqual(['b']);
  });

  it('only the latest search lands', async () => {
    const slow = deferred<SearchHitView[]>();
    const bridge = createFakeBridge({ 'conversations.search': () => slow.promise });
    const store = createConversationsStore(() => bridge);
    const first = store.getState().runSearch('inv');
    bridge.handlers['conversations.search'] = async () => [hit('b', 'invoice')];
    await store.getState().runSearch('invoice');
    slow.resolve([hit('a', 'inv')]);
    await first;
    expect(store.getState().search).toMatchObject({ query: 'invoice', pending: false });
    expect(store.getState().search.hits.map((h) => h.conversationId)).toEqual(['b']);
    await store.getState().runSearch('   ');
    expect(store.getState().search.hits).toEqual([]);
  });
});

describe('locate', () => {
  it('finds a conversation of another agent by listing them all once', async () => {
    const bridge = createFakeBridge({
      'conversations.list': async ({ agentId }) =>
        agentId ? [] : [conversation('x', { agentId: 'coder' }), conversation('y', { agentId: 'helper' })],
    });
    const store = createConversationsStore(() => bridge);
    expect(await store.getState().locate('x')).toMatchObject({ id: 'x', agentId: 'coder' });
    expect(store.getState().byAgent.helper?.map((c) => c.id)).toEqual(['y']);
    expect(await store.getState().locate('x')).toMatchObject({ id: 'x' });
    expect(bridge.calls.filter((c) => c.route === 'conversations.list')).toHaveLength(1);
    expect(await store.getState().locate('gone')).toBeNull();
  });
});
