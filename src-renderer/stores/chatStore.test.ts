import { OutpostError } from '@contract';
import { describe, expect, it } from 'vitest';
import { approval, chatEvent, message, METRICS, toolRow, turnRow } from '../testing/chatFixtures';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { createChatStore } from './chatStore';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(stored = [message('u1', { role: 'user', content: 'hi' })]) {
  let rows = stored;
  const bridge = createFakeBridge({
    'conversations.messages': async () => rows,
    'chat.active': async () => [],
    'chat.approvals': async () => [],
  });
  const frames: (() => void)[] = [];
  const store = createChatStore(() => bridge, { schedule: (flush) => frames.push(flush), now: () => 7 });
  const flushFrame = () => frames.splice(0).forEach((f) => f());
  return { bridge, store, flushFrame, setRows: (next: typeof rows) => (rows = next) };
}

describe('chat store', () => {
  it('coalesces token events into one update per frame', async () => {
    const { bridge, store, flushFrame } = setup();
    store.getState().startSync();
    await store.getState().open('c1');
    bridge.emit(
      'chat.event',
      chatEvent({ type: 'round-started', round: 1, messageId: 'a1', withTools: false, forcedText: false }),
    );
    let updates = 0;
    const off = store.subscribe(() => updates++);
    for (const delta of ['He', 'll', 'o']) {
      bridge.emit('chat.delta', { conversationId: 'c1', messageId: 'a1', delta });
    }
    expect(updates).toBe(0);
    flushFrame();
    off();
    expect(updates).toBe(1);
    expect(store.getState().chats.c1?.messages.at(-1)?.content).toBe('Hello');
  });

  it('asks core to warm the conversation it opens, and a failed warm changes nothing', async () => {
    const { bridge, store } = setup();
    await store.getState().open('c1');
    expect(bridge.calls.filter((c) => c.route === 'chat.warm')).toEqual([
      { route: 'chat.warm', input: { conversationId: 'c1' } },
    ]);
    expect(store.getState().chats.c1?.status).toBe('ready'); // the fake bridge has no chat.warm: it rejected
    bridge.handlers['chat.warm'] = async () => ({ outcome: 'held', prefixTokens: 40, evaluatedTokens: 0 });
    await store.getState().open('c2');
    expect(bridge.calls.filter((c) => c.route === 'chat.warm')).toHaveLength(2);
  });

  it('does not warm a chat created to send at once, nor one whose turn is underway', async () => {
    const { bridge, store } = setup([]);
    const warms = () => bridge.calls.filter((c) => c.route === 'chat.warm').length;
    bridge.handlers['chat.send'] = async ({ conversationId }: { conversationId: string }) => ({
      turnId: `t-${conversationId}`,
      conversationId,
      userMessageId: `u-${conversationId}`,
    });
    // Created, sent, then opened by its new address after the send answered.
    await store.getState().open('c1', { fresh: true });
    await store.getState().send('c1', 'Hello');
    await store.getState().open('c1');
    expect(warms()).toBe(0);
    // Opened by its address while the send is still on its way.
    let release: () => void = () => undefined;
    bridge.handlers['chat.send'] = () =>
      new Promise((resolve) => (release = () => resolve({ turnId: 't2', conversationId: 'c2', userMessageId: 'u2' })));
    await store.getState().open('c2', { fresh: true });
    const sending = store.getState().send('c2', 'Hello');
    await store.getState().open('c2');
    release();
    await sending;
    expect(warms()).toBe(0);
    // Opened again later: warmed.
    await store.getState().open('c1');
    expect(warms()).toBe(1);
  });

  it('a whole turn applies from events alone: no request after the send', async () => {
    const { bridge, store, flushFrame } = setup([]);
    store.getState().startSync();
    await store.getState().open('c1');
    bridge.handlers['chat.send'] = async () => ({ turnId: 't1', conversationId: 'c1', userMessageId: 'u1' });
    await store.getState().send('c1', 'What is 2+2?');
    const callsAfterSend = bridge.calls.length;
    const emit = (event: Parameters<typeof chatEvent>[0]) => bridge.emit('chat.event', chatEvent(event));
    emit({ type: 'round-started', round: 1, messageId: 'a1', withTools: true, forcedText: false });
    emit({
      type: 'round-ended',
      round: 1,
      row: turnRow(message('a1', { functionCalls: [{ name: 'calculator', params: {} }] })),
    });
    emit({ type: 'tool-call-started', round: 1, callId: 'k1', name: 'calculator', args: {} });
    const tool = toolRow('t1', { callId: 'k1', name: 'calculator', output: '4' });
    emit({
      type: 'tool-call-finished',
      round: 1,
      callId: 'k1',
      name: 'calculator',
      ok: true,
      decision: 'allowed',
      error: null,
      resultMessageId: 't1',
      resultRow: turnRow(tool),
    });
    emit({ type: 'round-started', round: 2, messageId: 'a2', withTools: false, forcedText: false });
    bridge.emit('chat.delta', { conversationId: 'c1', messageId: 'a2', delta: 'It is 4.' });
    flushFrame();
    const answer = message('a2', { content: 'It is 4.', metrics: METRICS });
    const totals = { rounds: 2, promptTokens: 1, completionTokens: 1, totalMs: 1 };
    emit({ type: 'done', messageId: 'a2', row: turnRow(answer), totals });
    await settle();
    expect(bridge.calls.length).toBe(callsAfterSend);
    expect(store.getState().chats.c1?.messages.map((m) => [m.id, m.role, m.status])).toEqual([
      ['u1', 'user', 'complete'],
      ['a1', 'assistant', 'complete'],
      ['t1', 'tool', 'complete'],
      ['a2', 'assistant', 'complete'],
    ]);
    expect(store.getState().chats.c1?.messages.at(-1)).toMatchObject({ content: 'It is 4.', metrics: METRICS });
  });

  it('fetches the snapshot once when a stored reply is longer than the text that reached it', async () => {
    const { bridge, store, setRows } = setup();
    store.getState().startSync();
    await store.getState().open('c1');
    const loads = () => bridge.calls.filter((c) => c.route === 'conversations.messages').length;
    const before = loads();
    bridge.emit(
      'chat.event',
      chatEvent({ type: 'round-started', round: 1, messageId: 'a1', withTools: false, forcedText: false }),
    );
    const stored = message('a1', { content: 'Hi there', status: 'complete' });
    setRows([message('u1', { role: 'user' }), stored]);
    const totals = { rounds: 1, promptTokens: 1, completionTokens: 1, totalMs: 1 };
    bridge.emit('chat.event', chatEvent({ type: 'done', messageId: 'a1', row: turnRow(stored), totals }));
    await settle();
    expect(loads()).toBe(before + 1);
    expect(store.getState().chats.c1).toMatchObject({ stale: false });
    expect(store.getState().chats.c1?.messages.at(-1)).toMatchObject({ content: 'Hi there', status: 'complete' });
  });

  it('a conversation created here opens without a snapshot, and opening it again fetches nothing', async () => {
    const { bridge, store } = setup();
    await store.getState().open('fresh', { fresh: true });
    expect(store.getState().chats.fresh).toMatchObject({ status: 'ready', messages: [] });
    await store.getState().open('fresh');
    expect(bridge.calls.filter((c) => c.route === 'conversations.messages')).toHaveLength(0);
  });

  it('ignores builder preview turns', async () => {
    const { bridge, store } = setup();
    store.getState().startSync();
    await store.getState().open('c1');
    const before = store.getState().chats.c1;
    bridge.emit(
      'chat.event',
      chatEvent(
        { type: 'round-started', round: 1, messageId: 'p', withTools: false, forcedText: false },
        { preview: true },
      ),
    );
    expect(store.getState().chats.c1).toBe(before);
  });

  it('shows the user message at once and gives it the stored id when the send is accepted', async () => {
    const { bridge, store } = setup([]);
    await store.getState().open('c1');
    const started = deferred<{ turnId: string; conversationId: string; userMessageId: string }>();
    bridge.handlers['chat.send'] = () => started.promise;
    const sent = store.getState().send('c1', 'Hello', 'required');
    expect(store.getState().chats.c1?.messages.map((m) => m.content)).toEqual(['Hello']);
    expect(store.getState().busy.c1).toBe('sending');
    started.resolve({ turnId: 't1', conversationId: 'c1', userMessageId: 'u9' });
    expect(await sent).toBe(true);
    expect(bridge.calls.find((c) => c.route === 'chat.send')?.input).toEqual({
      conversationId: 'c1',
      text: 'Hello',
      toolChoice: 'required',
    });
  });

  it('a refused send restores the conversation and keeps the error for the composer', async () => {
    const { bridge, store } = setup();
    await store.getState().open('c1');
    bridge.handlers['chat.send'] = async () => {
      throw new OutpostError('not_found', 'The model tiny.gguf is not installed.');
    };
    expect(await store.getState().send('c1', 'Hello')).toBe(false);
    expect(store.getState().chats.c1?.messages.map((m) => m.id)).toEqual(['u1']);
    expect(store.getState().actionErrors.c1).toMatchObject({ code: 'not_found' });
    expect(store.getState().busy.c1).toBeUndefined();
  });

  it('restores running turns and open approvals on start, and answers an approval once', async () => {
    const { bridge, store } = setup();
    bridge.handlers['chat.active'] = async () => [
      { turnId: 't1', conversationId: 'c1', agentId: 'helper', preview: false, startedAt: 1 },
      { turnId: 'p', conversationId: 'draft', agentId: 'helper', preview: true, startedAt: 1 },
    ];
    bridge.handlers['chat.approvals'] = async () => [approval('k1')];
    const answer = deferred<{ accepted: boolean }>();
    bridge.handlers['chat.respond'] = () => answer.promise;
    store.getState().startSync();
    await settle();
    expect(Object.keys(store.getState().active)).toEqual(['c1']);
    expect(store.getState().approvals.k1?.open).toBe(true);

    const first = store.getState().respond('k1', 'approve');
    void store.getState().respond('k1', 'deny'); // a double click must not send a second answer
    answer.resolve({ accepted: false });
    await first;
    expect(bridge.calls.filter((c) => c.route === 'chat.respond')).toHaveLength(1);
    expect(store.getState().approvals.k1).toMatchObject({ open: false, outcome: 'expired' });
  });

  it('refetches a conversation when text arrives for a reply it never saw start', async () => {
    const { bridge, store, flushFrame } = setup();
    store.getState().startSync();
    await store.getState().open('c1');
    const loads = () => bridge.calls.filter((c) => c.route === 'conversations.messages').length;
    const before = loads();
    bridge.emit('chat.delta', { conversationId: 'c1', messageId: 'unseen', delta: 'x' });
    flushFrame();
    expect(loads()).toBe(before + 1);
  });

  it('a slow older load never overwrites a newer one', async () => {
    const { bridge, store } = setup();
    const slow = deferred<ReturnType<typeof message>[]>();
    bridge.handlers['conversations.messages'] = () => slow.promise;
    const first = store.getState().open('c1');
    bridge.handlers['conversations.messages'] = async () => [message('new')];
    await store.getState().reload('c1');
    slow.resolve([message('old')]);
    await first;
    expect(store.getState().chats.c1?.messages.map((m) => m.id)).toEqual(['new']);
  });
});
