import { describe, expect, it } from 'vitest';
import type { ApprovalRequestEvent, ChatEvent, TurnEvent } from '@contract';
import { message, toolRow, turnRow } from '../../../testing/chatFixtures';
import {
  EMPTY_PREVIEW,
  addUserMessage,
  applyApproval,
  applyChatDelta,
  applyChatEvent,
  failTurn,
  historyOf,
  type PreviewReply,
} from './previewTranscript';

const chat = (previewId: string, event: TurnEvent, preview = true): ChatEvent => ({
  turnId: `turn-${previewId}`,
  conversationId: previewId,
  preview,
  agentId: 'draft',
  event,
});

const approval = (open: boolean): ApprovalRequestEvent => ({
  callId: 'c1',
  turnId: 'turn-p1',
  conversationId: 'p1',
  agentId: 'draft',
  tool: 'read_file',
  title: 'Read a file',
  args: { path: 'notes.txt' },
  open,
  outcome: open ? 'pending' : 'approved',
});

const reply = (state: { entries: unknown[] }, index = 1) => state.entries[index] as PreviewReply;

describe('preview transcript', () => {
  it('streams tokens into the reply and finishes on done', () => {
    let state = addUserMessage(EMPTY_PREVIEW, 'hi', 'p1');
    expect(state.activeTurn).toBe('p1');
    state = applyChatDelta(state, { conversationId: 'p1', messageId: 'm', delta: 'Hel' });
    state = applyChatDelta(state, { conversationId: 'p1', messageId: 'm', delta: 'lo' });
    expect(reply(state).text).toBe('Hello');
    const metrics = {
      ttftMs: 5,
      promptTokens: 3,
      completionTokens: 2,
      promptTokensPerSecond: null,
      generationTokensPerSecond: 12.5,
      totalMs: 100,
    };
    state = applyChatEvent(
      state,
      chat('p1', {
        type: 'done',
        messageId: 'm',
        row: turnRow(message('m', { conversationId: 'p1', metrics })),
        totals: { rounds: 1, promptTokens: 3, completionTokens: 2, totalMs: 100 },
      }),
    );
    expect(reply(state)).toMatchObject({ status: 'done', tokensPerSecond: 12.5 });
    expect(state.activeTurn).toBeNull();
  });

  it('ignores events of other previews and of stored conversations', () => {
    const state = addUserMessage(EMPTY_PREVIEW, 'hi', 'p1');
    const totals = { rounds: 1, promptTokens: 1, completionTokens: 1, totalMs: 1 };
    const done: TurnEvent = { type: 'done', messageId: 'm', row: turnRow(message('m')), totals };
    expect(applyChatEvent(state, chat('p2', done))).toBe(state);
    expect(applyChatEvent(state, chat('p1', done, false))).toBe(state);
    expect(applyChatDelta(state, { conversationId: 'p2', messageId: 'm', delta: 'x' })).toBe(state);
  });

  it('follows a tool call through approval to its result', () => {
    let state = addUserMessage(EMPTY_PREVIEW, 'read it', 'p1');
    state = applyChatEvent(
      state,
      chat('p1', { type: 'tool-call-started', round: 0, callId: 'c1', name: 'read_file', args: { path: 'a' } }),
    );
    expect(reply(state).toolCalls[0]).toMatchObject({ status: 'running', approval: null });
    state = applyApproval(state, approval(true));
    expect(reply(state).toolCalls[0]).toMatchObject({ status: 'waiting', approval: { callId: 'c1' } });
    state = applyApproval(state, approval(false));
    expect(reply(state).toolCalls[0]?.approval).toBeNull();
    state = applyChatEvent(
      state,
      chat('p1', {
        type: 'tool-call-finished',
        round: 0,
        callId: 'c1',
        name: 'read_file',
        ok: false,
        decision: 'user-denied',
        error: { code: 'denied', message: 'the user said no' },
        resultMessageId: 'r',
        resultRow: turnRow(toolRow('r', { callId: 'c1', name: 'read_file', output: 'no', ok: false })),
      }),
    );
    expect(reply(state).toolCalls).toHaveLength(1);
    expect(reply(state).toolCalls[0]).toMatchObject({ status: 'failed', decision: 'user-denied' });
    expect(reply(state).toolCalls[0]?.error).toContain('the user said no');
  });

  it('creates the card when the approval arrives before the start event', () => {
    const state = applyApproval(addUserMessage(EMPTY_PREVIEW, 'x', 'p1'), approval(true));
    expect(reply(state).toolCalls[0]).toMatchObject({ name: 'read_file', status: 'waiting' });
  });

  it('keeps partial text when stopped and records errors', () => {
    let state = addUserMessage(EMPTY_PREVIEW, 'x', 'p1');
    state = applyChatDelta(state, { conversationId: 'p1', messageId: 'm', delta: 'par' });
    state = applyChatEvent(state, chat('p1', { type: 'aborted', messageId: 'm', text: '', row: null }));
    expect(reply(state)).toMatchObject({ status: 'stopped', text: 'par' });
    const failed = failTurn(addUserMessage(EMPTY_PREVIEW, 'y', 'p2'), 'p2', 'model_missing: no model');
    expect(reply(failed)).toMatchObject({ status: 'error', error: 'model_missing: no model' });
    expect(failed.activeTurn).toBeNull();
  });

  it('builds history from finished pairs only', () => {
    let state = addUserMessage(EMPTY_PREVIEW, 'first', 'p1');
    state = applyChatDelta(state, { conversationId: 'p1', messageId: 'm', delta: 'one' });
    state = failTurn(addUserMessage(state, 'second', 'p2'), 'p2', 'boom');
    expect(historyOf(state)).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'one' },
    ]);
  });
});
