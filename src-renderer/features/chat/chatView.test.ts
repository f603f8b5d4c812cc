import { describe, expect, it } from 'vitest';
import type { MessageNote } from '../../stores/chatState';
import { approval, message, METRICS, toolRow } from '../../testing/chatFixtures';
import {
  buildRows,
  formatArgs,
  lastUserMessageId,
  looseApprovals,
  metricsLine,
  replyProblem,
  toolResultView,
} from './chatView';

describe('toolResultView', () => {
  it('reads the structured result core stored, never the model-facing text', () => {
    expect(toolResultView(toolRow('t1', { name: 'calculator', output: '4' }))).toEqual({
      text: '4',
      isError: false,
      callId: 't1',
      decision: 'allowed',
      media: [],
    });
    const denied = toolRow('t2', {
      name: 'read_file',
      output: 'Error (denied): no',
      ok: false,
      error: { code: 'denied', message: 'no' },
      decision: 'policy-denied',
    });
    expect(toolResultView(denied)).toMatchObject({ isError: true, decision: 'policy-denied' });
    expect(toolResultView(message('a1'))).toBeNull();
  });
});

describe('buildRows', () => {
  const messages = [
    message('u1', { role: 'user', content: 'what is 2+2' }),
    message('a1', {
      functionCalls: [
        { name: 'calculator', params: { expression: '2+2' } },
        { name: 'read_file', params: { path: '../etc' } },
      ],
    }),
    toolRow('t1', { name: 'calculator', output: '4' }),
    toolRow('t2', { name: 'read_file', output: 'Error (denied): no', ok: false, decision: 'allowed' }),
    message('a2', { content: 'It is 4.' }),
  ];

  it('folds tool rows into cards of the message that made the calls', () => {
    const rows = buildRows(messages, {}, {});
    expect(rows.map((r) => [r.kind, r.message.id])).toEqual([
      ['user', 'u1'],
      ['assistant', 'a1'],
      ['assistant', 'a2'],
    ]);
    const calls = rows[1]?.kind === 'assistant' ? rows[1].calls : [];
    expect(calls.map((c) => [c.name, c.state, c.result?.text])).toEqual([
      ['calculator', 'done', '4'],
      ['read_file', 'failed', 'Error (denied): no'],
    ]);
    expect(calls[0]?.args).toEqual({ expression: '2+2' });
  });

  it('a stored decision marks a card denied after a reload, and a result pairs with its live call by id', () => {
    const stored = [
      message('u1', { role: 'user' }),
      message('a1', {
        functionCalls: [
          { name: 'read_file', params: {} },
          { name: 'calculator', params: {} },
        ],
      }),
      toolRow('k2', { name: 'calculator', output: '4' }),
      toolRow('k1', { name: 'read_file', output: 'no', ok: false, decision: 'user-denied' }),
    ];
    const reloaded = buildRows(stored, {}, {});
    expect(reloaded[1]?.kind === 'assistant' && reloaded[1].calls.map((c) => c.state)).toEqual(['done', 'denied']);
    const live = (callId: string, name: string) => ({
      callId,
      name,
      args: {},
      finished: true,
      ok: true,
      decision: 'allowed' as const,
      error: null,
      progress: null,
    });
    const note: MessageNote = {
      context: null,
      roundsExhausted: null,
      calls: [live('k1', 'read_file'), live('k2', 'calculator')],
    };
    const rows = buildRows(stored, { a1: note }, {});
    expect(rows[1]?.kind === 'assistant' && rows[1].calls.map((c) => c.result?.text)).toEqual(['no', '4']);
  });

  it('a live call waiting for approval shows as waiting, then denied once refused', () => {
    const note: MessageNote = {
      context: null,
      roundsExhausted: null,
      calls: [
        {
          callId: 'k1',
          name: 'list_directory',
          args: {},
          finished: false,
          ok: null,
          decision: null,
          error: null,
          progress: null,
        },
      ],
    };
    const live = [message('u1', { role: 'user' }), message('a1', { status: 'streaming' })];
    const waiting = buildRows(live, { a1: note }, { k1: approval('k1') });
    expect(waiting[1]?.kind === 'assistant' && waiting[1].calls[0]?.state).toBe('waiting');
    const closed = buildRows(live, { a1: note }, { k1: approval('k1', { open: false, outcome: 'expired' }) });
    expect(closed[1]?.kind === 'assistant' && closed[1].calls[0]?.state).toBe('denied');
    expect(looseApprovals(waiting, { k1: approval('k1'), k2: approval('k2') }, 'c1').map((a) => a.callId)).toEqual([
      'k2',
    ]);
  });
});

describe('after a reload mid-turn', () => {
  it('an unanswered stored call takes the open approval for its tool, so no second card appears', () => {
    const messages = [
      message('u1', { role: 'user' }),
      message('a1', { functionCalls: [{ name: 'list_directory', params: { path: 'docs' } }] }),
    ];
    const approvals = { k1: approval('k1'), k2: approval('k2', { tool: 'read_file' }) };
    const rows = buildRows(messages, {}, approvals);
    const call = rows[1]?.kind === 'assistant' ? rows[1].calls[0] : undefined;
    expect(call).toMatchObject({ state: 'waiting', approval: { callId: 'k1' } });
    expect(looseApprovals(rows, approvals, 'c1').map((a) => a.callId)).toEqual(['k2']);
  });
});

describe('small helpers', () => {
  it('formats metrics, args and reply problems', () => {
    expect(metricsLine(METRICS)).toBe('25.0 tok/s · first token 120 ms · 30 tokens · 1.4 s');
    const predictions = { predictor: 'draft', validated: 30, refuted: 10 } as const;
    expect(metricsLine({ ...METRICS, predictions })).toBe(
      '25.0 tok/s · first token 120 ms · 30 tokens · 1.4 s · draft 75% of 40 predicted',
    );
    expect(metricsLine({ ...METRICS, predictions: { ...predictions, validated: 0, refuted: 0 } })).toBe(
      '25.0 tok/s · first token 120 ms · 30 tokens · 1.4 s',
    );
    expect(formatArgs({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatArgs(undefined)).toBe('(none)');
    expect(replyProblem(message('a', { status: 'incomplete' }))?.tone).toBe('warning');
    expect(replyProblem(message('a', { status: 'error', error: { code: 'aborted', message: '' } }))?.text).toMatch(
      /Stopped/,
    );
    expect(replyProblem(message('a', { status: 'error', error: { code: 'worker_crashed', message: 'Boom' } }))).toEqual(
      {
        tone: 'danger',
        text: 'Boom',
      },
    );
    expect(replyProblem(message('a'))).toBeNull();
    expect(lastUserMessageId([message('u1', { role: 'user' }), message('a1')])).toBe('u1');
  });
});
