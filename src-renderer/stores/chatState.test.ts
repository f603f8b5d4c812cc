import { describe, expect, it } from 'vitest';
import { approval, chatEvent, message, METRICS, toolRow, turnRow } from '../testing/chatFixtures';
import {
  appendDeltas,
  applyApproval,
  applyTurnEvent,
  confirmPending,
  emptyChat,
  mergeServerMessages,
  restoreApprovals,
  truncateForEdit,
  truncateForRegenerate,
  unknownMessageIds,
  type ConversationChat,
} from './chatState';

const ready = (messages = [message('u1', { role: 'user', content: 'hi' })]): ConversationChat => ({
  ...emptyChat(),
  status: 'ready',
  messages,
});

function run(chat: ConversationChat, ...events: Parameters<typeof chatEvent>[0][]): ConversationChat {
  return events.reduce((c, e) => applyTurnEvent(c, chatEvent(e), 5), chat);
}

describe('applyTurnEvent', () => {
  it('starts a streaming reply at round-started and attaches the context info that came before it', () => {
    const chat = run(
      ready(),
      { type: 'context', round: 1, usedTokens: 300, budget: 900, droppedMessages: 4, memoryIncluded: false },
      { type: 'round-started', round: 1, messageId: 'a1', withTools: true, forcedText: false },
    );
    expect(chat.messages.map((m) => [m.id, m.status])).toEqual([
      ['u1', 'complete'],
      ['a1', 'streaming'],
    ]);
    expect(chat.notes.a1?.context).toEqual({ usedTokens: 300, budget: 900, droppedMessages: 4, memoryIncluded: false });
    expect(chat.turn?.outcome).toBe('running');
  });

  it('labels the reply with the team member the router picked', () => {
    const chat = run(
      ready(),
      { type: 'routed', teamId: 'desk', memberId: 'billing', memberName: 'Billing', reason: 'about an invoice' },
      { type: 'round-started', round: 1, messageId: 'a1', withTools: false, forcedText: false },
    );
    const reply = chat.messages.find((m) => m.id === 'a1');
    expect(reply).toMatchObject({ agentId: 'billing', routerLabel: 'Billing', routerReason: 'about an invoice' });
  });

  it('tracks tool calls on the round that made them, through to the decision', () => {
    const chat = run(
      ready(),
      { type: 'round-started', round: 1, messageId: 'a1', withTools: true, forcedText: false },
      { type: 'tool-call-started', round: 1, callId: 'k1', name: 'calculator', args: { expression: '2+2' } },
      {
        type: 'tool-call-finished',
        round: 1,
        callId: 'k1',
        name: 'calculator',
        ok: false,
        decision: 'user-denied',
        error: { code: 'denied', message: 'The user said no.' },
        resultMessageId: 'r1',
        resultRow: turnRow(toolRow('r1', { name: 'calculator', output: 'no', ok: false, decision: 'user-denied' })),
      },
      { type: 'tool-rounds-exhausted', rounds: 1 },
    );
    // The stored tool row arrives with the event: its structured result is there without a refetch.
    expect(chat.messages.at(-1)).toMatchObject({ id: 'r1', role: 'tool', toolResult: { decision: 'user-denied' } });
    expect(chat.stale).toBe(false);
    expect(chat.notes.a1?.calls).toEqual([
      {
        callId: 'k1',
        name: 'calculator',
        args: { expression: '2+2' },
        finished: true,
        ok: false,
        decision: 'user-denied',
        error: { code: 'denied', message: 'The user said no.' },
        progress: null,
      },
    ]);
    expect(chat.notes.a1?.roundsExhausted).toBe(1);
  });

  it("shows a running call's latest progress and stops updating it once the call finished", () => {
    const progress = (n: number) => ({
      type: 'tool-call-progress' as const,
      round: 1,
      callId: 'k1',
      progress: { progress: n, total: 3, message: `step ${n}` },
    });
    const running = run(
      ready(),
      { type: 'round-started', round: 1, messageId: 'a1', withTools: true, forcedText: false },
      { type: 'tool-call-started', round: 1, callId: 'k1', name: 'mcp_x_count', args: {} },
      progress(1),
      progress(2),
    );
    expect(running.notes.a1?.calls[0]?.progress).toEqual({ progress: 2, total: 3, message: 'step 2' });
    const finished = run(
      running,
      {
        type: 'tool-call-finished',
        round: 1,
        callId: 'k1',
        name: 'mcp_x_count',
        ok: true,
        decision: 'allowed',
        error: null,
        resultMessageId: 'r1',
        resultRow: turnRow(toolRow('r1', { name: 'mcp_x_count', output: 'done' })),
      },
      progress(3),
    );
    expect(finished.notes.a1?.calls[0]).toMatchObject({ finished: true, progress: { progress: 2 } });
  });

  it('finishes with metrics, or marks the reply stopped or failed', () => {
    const base = run(ready(), {
      type: 'round-started',
      round: 1,
      messageId: 'a1',
      withTools: false,
      forcedText: false,
    });
    const streamed = appendDeltas(base, { a1: 'Hello' });
    const stored = message('a1', { content: 'Hello', status: 'complete', metrics: METRICS, modelId: 'tiny.gguf' });
    const done = run(streamed, {
      type: 'done',
      messageId: 'a1',
      row: turnRow(stored),
      totals: { rounds: 1, promptTokens: 40, completionTokens: 30, totalMs: 1400 },
    });
    expect(done.messages[1]).toMatchObject({ status: 'complete', metrics: METRICS, content: 'Hello' });
    expect(done.turn?.outcome).toBe('done');
    expect(done.stale).toBe(false);

    const stoppedRow = message('a1', {
      content: 'par',
      status: 'error',
      error: { code: 'aborted', message: 'Stopped' },
    });
    const stopped = run(base, { type: 'aborted', messageId: 'a1', text: 'par', row: turnRow(stoppedRow, true) });
    expect(stopped.messages[1]).toMatchObject({ status: 'error', error: { code: 'aborted' }, content: 'par' });

    const crashed = message('a1', {
      status: 'incomplete',
      error: { code: 'worker_crashed', message: 'The worker died.' },
    });
    const failed = run(base, {
      type: 'error',
      code: 'worker_crashed',
      message: 'The worker died.',
      messageId: 'a1',
      row: turnRow(crashed),
    });
    expect(failed.messages[1]).toMatchObject({ status: 'incomplete', error: { code: 'worker_crashed' } });
    expect(failed.turn?.error).toEqual({ code: 'worker_crashed', message: 'The worker died.' });
  });

  it('a stored text that is not what streamed here marks the chat stale (deltas were missed)', () => {
    const base = run(ready(), {
      type: 'round-started',
      round: 1,
      messageId: 'a1',
      withTools: false,
      forcedText: false,
    });
    const row = turnRow(message('a1', { content: 'Hello world', status: 'complete' }));
    const done = run(appendDeltas(base, { a1: 'world' }), {
      type: 'done',
      messageId: 'a1',
      row,
      totals: { rounds: 1, promptTokens: 1, completionTokens: 1, totalMs: 1 },
    });
    expect(done.stale).toBe(true);
    // A row that says its text (it differs from the stream) is taken as it is.
    const told = run(base, { type: 'round-ended', round: 1, row: turnRow(message('a1', { content: 'call' }), true) });
    expect(told.messages[1]).toMatchObject({ content: 'call', status: 'complete' });
    expect(told.stale).toBe(false);
  });

  it('ignores a tool event for a round it never saw start', () => {
    const chat = run(ready(), { type: 'tool-call-started', round: 2, callId: 'k', name: 'x', args: {} });
    expect(chat.notes).toEqual({});
  });
});

describe('token deltas', () => {
  it('appends batched deltas and reports ids it does not know', () => {
    const chat = ready([message('a1', { status: 'streaming', content: 'He' })]);
    const next = appendDeltas(chat, { a1: 'llo', zz: '!' });
    expect(next.messages[0]?.content).toBe('Hello');
    expect(unknownMessageIds(chat, { a1: 'x', zz: '!' })).toEqual(['zz']);
    expect(appendDeltas(chat, { zz: '!' })).toBe(chat);
  });
});

describe('mergeServerMessages', () => {
  it('takes the stored rows but keeps a longer live text while both still stream', () => {
    const local = [message('u1', { role: 'user' }), message('a1', { status: 'streaming', content: 'Hello wor' })];
    const server = [message('u1', { role: 'user' }), message('a1', { status: 'streaming', content: 'Hello' })];
    expect(mergeServerMessages(local, server)[1]?.content).toBe('Hello wor');
    const finished = [server[0]!, message('a1', { status: 'complete', content: 'Hello world.' })];
    expect(mergeServerMessages(local, finished)[1]).toMatchObject({ status: 'complete', content: 'Hello world.' });
  });

  it('keeps pending and just-started local rows, drops rows the store deleted', () => {
    const local = [
      message('old', { status: 'complete' }),
      message('pending:1', { role: 'user' }),
      message('a9', { status: 'streaming' }),
    ];
    expect(mergeServerMessages(local, [message('u1')]).map((m) => m.id)).toEqual(['u1', 'pending:1', 'a9']);
  });
});

describe('optimistic edits', () => {
  const list = [
    message('u1', { role: 'user', content: 'one' }),
    message('a1'),
    message('u2', { role: 'user', content: 'two' }),
    message('a2', { functionCalls: [{ name: 'calculator', params: {} }] }),
    message('t2', { role: 'tool' }),
    message('a3'),
  ];

  it('regenerate drops the reply after the last user message', () => {
    expect(truncateForRegenerate(list).map((m) => m.id)).toEqual(['u1', 'a1', 'u2']);
  });

  it('edit keeps history up to the edited message, with the new text', () => {
    const edited = truncateForEdit(list, 'u1', 'uno');
    expect(edited.map((m) => [m.id, m.content])).toEqual([['u1', 'uno']]);
    expect(truncateForEdit(list, 'missing', 'x')).toHaveLength(list.length);
  });

  it('a confirmed send swaps the pending id for the stored one, without duplicating it', () => {
    const pending = [message('pending:1', { role: 'user' })];
    expect(confirmPending(pending, 'pending:1', 'u7').map((m) => m.id)).toEqual(['u7']);
    expect(confirmPending([...pending, message('u7')], 'pending:1', 'u7').map((m) => m.id)).toEqual(['u7']);
  });
});

describe('approvals', () => {
  it('keeps a closed card with its outcome', () => {
    const open = applyApproval({}, approval('k1'));
    const closed = applyApproval(open, approval('k1', { open: false, outcome: 'approved' }));
    expect(closed.k1).toMatchObject({ open: false, outcome: 'approved' });
  });

  it('after a reconnect, cards no longer open are closed as expired and open ones restored', () => {
    const before = { k1: approval('k1'), k2: approval('k2', { open: false, outcome: 'denied' }) };
    const after = restoreApprovals(before, [approval('k3')]);
    expect(after.k1).toMatchObject({ open: false, outcome: 'expired' });
    expect(after.k2).toMatchObject({ outcome: 'denied' });
    expect(after.k3).toMatchObject({ open: true, outcome: 'pending' });
  });
});
