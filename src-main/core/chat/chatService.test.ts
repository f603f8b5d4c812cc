/**
 * ChatService end to end with a real worker and a tiny generated model (random weights: text is gibberish,
 * tool calls are grammar-forced with toolChoice 'required'). Structure is asserted, never prose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { createChatHarness, isEnd, testAgent, type ChatHarness } from './testing/chatHarness';

let h: ChatHarness;

beforeAll(async () => {
  h = await createChatHarness();
}, 180_000);

afterAll(async () => {
  await h?.dispose();
});

let agentCounter = 0;
/** A fresh saved agent and an empty conversation with it. */
function conversationWith(overrides: Parameters<typeof testAgent>[0] = {}) {
  const agent = testAgent({ id: `agent-${++agentCounter}`, ...overrides });
  h.agents.create(agent);
  return { agent, conversationId: h.conversations.create(agent.id).id };
}

async function finished(turnId: string, conversationId: string) {
  await h.chat.waitForIdle(conversationId);
  const events = h.sink.turn(turnId);
  expect(events.filter(isEnd)).toHaveLength(1);
  return events;
}

async function rejection(work: () => unknown): Promise<OutpostError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(OutpostError);
    return error as OutpostError;
  }
  throw new Error('expected a rejection');
}

describe('ChatService with the real worker', () => {
  it('runs a full turn with a grammar-forced tool call, streams it and persists it all', async () => {
    const { agent, conversationId } = conversationWith({ tools: { pick_colour: 'allow' } });
    const started = h.chat.send({ conversationId, text: 'Pick a colour for the logo', toolChoice: 'required' });
    expect(h.chat.activeTurns()).toEqual([expect.objectContaining({ turnId: started.turnId, conversationId })]);
    const events = await finished(started.turnId, conversationId);

    const messages = h.conversations.messages(conversationId);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(messages[0]).toMatchObject({ id: started.userMessageId, content: 'Pick a colour for the logo' });
    expect(messages[1]?.functionCalls?.[0]?.name).toBe('pick_colour');
    expect(messages[2]?.content).toMatch(/"picked":\s*"(red|blue)"/);
    expect(messages.every((m) => m.status === 'complete')).toBe(true);
    expect(h.conversations.get(conversationId).title).toBe('Pick a colour for the logo');

    const types = events.map((e) => e.type);
    expect(types.indexOf('tool-call-started')).toBeLessThan(types.indexOf('tool-call-finished'));
    expect(events.find((e) => e.type === 'tool-call-finished')).toMatchObject({ ok: true, decision: 'allowed' });
    const reply = messages[3]!;
    // The reply's text went out once, in batches, and adds up to the stored row.
    const streamed = h.sink.of('chat.delta').filter((d) => d.messageId === reply.id);
    expect(streamed.every((d) => d.conversationId === conversationId)).toBe(true);
    expect(streamed.map((d) => d.delta).join('')).toBe(reply.content);
    expect(events.at(-1)).toMatchObject({ type: 'done', messageId: reply.id });

    const chatEvents = h.sink.of('chat.event').filter((e) => e.turnId === started.turnId);
    expect(chatEvents.every((e) => e.conversationId === conversationId && !e.preview && e.agentId === agent.id)).toBe(
      true,
    );
    const changed = h.sink.of('conversations.changed').filter((e) => e.conversationId === conversationId);
    expect(changed.length).toBeGreaterThanOrEqual(2);
    expect(h.chat.activeTurns()).toEqual([]);
  }, 180_000);

  it('round-trips an "ask" approval through events and runs the tool when approved', async () => {
    const { conversationId } = conversationWith({ tools: { pick_colour: 'ask' } });
    const started = h.chat.send({ conversationId, text: 'Pick one.', toolChoice: 'required' });
    const card = await h.sink.next('chat.approval', (e) => e.turnId === started.turnId && e.open);
    expect(card).toMatchObject({ conversationId, tool: 'pick_colour', title: 'Pick a colour', outcome: 'pending' });
    expect(h.chat.openApprovals()).toEqual([card]);
    expect(h.chat.respond(card.callId, 'approve')).toBe(true);
    expect(h.chat.respond(card.callId, 'approve')).toBe(false);

    const events = await finished(started.turnId, conversationId);
    const closed = await h.sink.next('chat.approval', (e) => e.callId === card.callId && !e.open);
    expect(closed.outcome).toBe('approved');
    const call = events.find((e) => e.type === 'tool-call-started');
    expect(call?.type === 'tool-call-started' && call.args).toEqual(card.args);
    expect(events.find((e) => e.type === 'tool-call-finished')).toMatchObject({ ok: true, decision: 'approved' });
    expect(h.chat.openApprovals()).toEqual([]);
  }, 180_000);

  it('reports a denial to the model and still completes the turn', async () => {
    const { conversationId } = conversationWith({ tools: { pick_colour: 'ask' } });
    const started = h.chat.send({ conversationId, text: 'Pick one.', toolChoice: 'required' });
    const card = await h.sink.next('chat.approval', (e) => e.turnId === started.turnId && e.open);
    h.chat.respond(card.callId, 'deny');
    const events = await finished(started.turnId, conversationId);
    expect((await h.sink.next('chat.approval', (e) => e.callId === card.callId && !e.open)).outcome).toBe('denied');
    expect(events.find((e) => e.type === 'tool-call-finished')).toMatchObject({ ok: false, decision: 'user-denied' });
    expect(events.at(-1)?.type).toBe('done');
    const tool = h.conversations.messages(conversationId)[2];
    expect(tool).toMatchObject({ role: 'tool' });
    expect(tool?.content).toContain('was not run');
  }, 180_000);

  it('expires an unanswered approval as "expired", not as a denial by the user', async () => {
    const { conversationId } = conversationWith({ tools: { pick_colour: 'ask' } });
    h.approvalTimeoutMs = 300;
    try {
      const started = h.chat.send({ conversationId, text: 'Pick one.', toolChoice: 'required' });
      const events = await finished(started.turnId, conversationId);
      const cards = h.sink.of('chat.approval').filter((e) => e.turnId === started.turnId);
      expect(cards.map((c) => [c.open, c.outcome])).toEqual([
        [true, 'pending'],
        [false, 'expired'],
      ]);
      expect(events.find((e) => e.type === 'tool-call-finished')).toMatchObject({ ok: false, decision: 'expired' });
      expect(events.at(-1)?.type).toBe('done');
      expect(h.chat.respond(cards[0]!.callId, 'approve')).toBe(false);
    } finally {
      h.approvalTimeoutMs = 60_000;
    }
  }, 180_000);

  it('refuses a second turn while one runs (busy), and stop ends the waiting turn', async () => {
    const { conversationId } = conversationWith({ tools: { pick_colour: 'ask' } });
    const started = h.chat.send({ conversationId, text: 'Pick one.', toolChoice: 'required' });
    const card = await h.sink.next('chat.approval', (e) => e.turnId === started.turnId && e.open);
    const busy = await rejection(() => h.chat.send({ conversationId, text: 'Hello again' }));
    expect(busy.code).toBe('busy');
    expect((await rejection(() => h.chat.regenerate(conversationId))).code).toBe('busy');
    // The refused message was not stored.
    expect(h.conversations.messages(conversationId).filter((m) => m.role === 'user')).toHaveLength(1);

    expect(h.chat.stop(conversationId)).toBe(true);
    const events = await finished(started.turnId, conversationId);
    expect(events.at(-1)?.type).toBe('aborted');
    expect((await h.sink.next('chat.approval', (e) => e.callId === card.callId && !e.open)).outcome).toBe('expired');
    expect(events.find((e) => e.type === 'tool-call-finished')).toMatchObject({ decision: 'not-run' });
    expect(h.chat.stop(conversationId)).toBe(false);
    const active = h.sink.of('chat.activeChanged').at(-1);
    expect(active?.some((a) => a.conversationId === conversationId)).toBe(false);
  }, 180_000);

  it('stops a streaming reply and keeps its partial text, marked aborted', async () => {
    const { conversationId } = conversationWith({ sampling: { maxTokens: 200, seed: 3 } });
    h.sink.listener = (e) => {
      if (e.name === 'chat.delta') {
        h.chat.stop(conversationId);
      }
    };
    try {
      const started = h.chat.send({ conversationId, text: 'Tell me a long story.' });
      const events = await finished(started.turnId, conversationId);
      const end = events.at(-1);
      expect(end?.type).toBe('aborted');
      const reply = h.conversations.messages(conversationId)[1];
      expect(reply).toMatchObject({ role: 'assistant', status: 'error', error: { code: 'aborted' } });
      expect(end?.type === 'aborted' && end.text).toBe(reply?.content);
    } finally {
      h.sink.listener = null;
    }
  }, 180_000);

  it('regenerates the last reply without duplicating the user message', async () => {
    const { conversationId } = conversationWith();
    const first = h.chat.send({ conversationId, text: 'Hello there' });
    await finished(first.turnId, conversationId);
    const before = h.conversations.messages(conversationId);
    expect(before.map((m) => m.role)).toEqual(['user', 'assistant']);

    const again = h.chat.regenerate(conversationId);
    expect(again.userMessageId).toBe(first.userMessageId);
    expect((await finished(again.turnId, conversationId)).at(-1)?.type).toBe('done');
    const after = h.conversations.messages(conversationId);
    expect(after.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(after[0]?.id).toBe(first.userMessageId);
    expect(after[1]?.id).not.toBe(before[1]?.id);
  }, 180_000);

  it('edits a user message, drops everything after it and re-runs from there', async () => {
    const { conversationId } = conversationWith();
    const first = h.chat.send({ conversationId, text: 'First question' });
    await finished(first.turnId, conversationId);
    const second = h.chat.send({ conversationId, text: 'Second question' });
    await finished(second.turnId, conversationId);
    expect(h.conversations.messages(conversationId)).toHaveLength(4);

    const rerun = h.chat.editAndRerun(first.userMessageId, 'First question, edited');
    expect(rerun.userMessageId).toBe(first.userMessageId);
    await finished(rerun.turnId, conversationId);
    const messages = h.conversations.messages(conversationId);
    expect(messages.map((m) => [m.role, m.role === 'user' ? m.content : ''])).toEqual([
      ['user', 'First question, edited'],
      ['assistant', ''],
    ]);
    const notUser = await rejection(() => h.chat.editAndRerun(messages[1]!.id, 'x'));
    expect(notUser.code).toBe('bad_request');
  }, 180_000);

  it('rejects a turn whose models are missing with model_missing, storing nothing; uses the fallback', async () => {
    const { conversationId } = conversationWith({ model: { preferred: 'not-downloaded', fallback: 'also-missing' } });
    const error = await rejection(() => h.chat.send({ conversationId, text: 'Hi' }));
    expect(error.code).toBe('not_found');
    expect(error.details).toMatchObject({ reason: 'model_missing', modelId: 'not-downloaded' });
    expect(error.message).toMatch(/Catalog/);
    expect(h.conversations.messages(conversationId)).toEqual([]);

    const viaFallback = conversationWith({ model: { preferred: 'not-downloaded', fallback: 'tiny-catalog' } });
    const started = h.chat.send({ conversationId: viaFallback.conversationId, text: 'Hi' });
    await finished(started.turnId, viaFallback.conversationId);
    // The catalog id resolves to the installed file of its variant.
    expect(h.conversations.messages(viaFallback.conversationId)[1]).toMatchObject({ modelId: 'tiny-2' });
  }, 180_000);

  it('falls back to a text round when a forced tool call is cut off by maxTokens', async () => {
    const { conversationId } = conversationWith({ tools: { pick_colour: 'allow' }, sampling: { maxTokens: 2 } });
    const started = h.chat.send({ conversationId, text: 'Pick one.', toolChoice: 'required' });
    const events = await finished(started.turnId, conversationId);
    const messages = h.conversations.messages(conversationId);
    expect(messages[1]).toMatchObject({ role: 'assistant', status: 'error', error: { code: 'tool_call_cut_off' } });
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', status: 'complete' });
    const rounds = events.filter((e) => e.type === 'round-started');
    expect(rounds.map((e) => e.type === 'round-started' && [e.withTools, e.forcedText])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(events.at(-1)?.type).toBe('done');
  }, 180_000);

  it('deleting an agent stops its turn, then removes its facts, notes and tasks in one place', async () => {
    const { agent, conversationId } = conversationWith({ tools: { pick_colour: 'ask' } });
    h.stores.facts.add(agent.id, 'Prefers blue', 'user');
    h.stores.notes.create(agent.id, 'Note', 'body');
    h.stores.tasks.add(agent.id, 'Task', null);
    h.stores.facts.add('someone-else', 'Keeps this', 'user');
    const started = h.chat.send({ conversationId, text: 'Pick one.', toolChoice: 'required' });
    await h.sink.next('chat.approval', (e) => e.turnId === started.turnId && e.open);
    await h.chat.stopAgentTurns(agent.id);
    expect(h.chat.activeTurns()).toEqual([]);
    expect(h.agents.delete(agent.id)).toEqual({ deletedConversations: 1 });
    const count = (table: string) =>
      (h.t.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE agent_id = ?`).get(agent.id) as { n: number }).n;
    expect([count('notes'), count('tasks'), count('conversations')]).toEqual([0, 0, 0]);
    expect(h.sink.turn(started.turnId).at(-1)?.type).toBe('aborted');
    const left = h.t.db.prepare('SELECT agent_id FROM facts').all() as { agent_id: string }[];
    expect(left.map((r) => r.agent_id)).toContain('someone-else');
    expect(left.map((r) => r.agent_id)).not.toContain(agent.id);
  }, 180_000);

  it('keeps a partial reply as incomplete when the worker dies mid-stream', async () => {
    const { conversationId } = conversationWith({ sampling: { maxTokens: 200, seed: 5 } });
    const pid = h.engine.status().pid ?? 0;
    expect(pid).toBeGreaterThan(0);
    h.sink.listener = (e) => {
      if (e.name === 'chat.delta' && h.engine.status().pid === pid) process.kill(pid, 'SIGKILL');
    };
    try {
      const started = h.chat.send({ conversationId, text: 'Tell me a long story.' });
      const events = await finished(started.turnId, conversationId);
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'worker_crashed' });
      const reply = h.conversations.messages(conversationId)[1];
      expect(reply).toMatchObject({ role: 'assistant', status: 'incomplete', error: { code: 'worker_crashed' } });
      expect(reply?.content.length).toBeGreaterThan(0);
    } finally {
      h.sink.listener = null;
    }
  }, 180_000);
});
