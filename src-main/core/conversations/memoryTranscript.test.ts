import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { AgentStore } from '../agents/agentStore';
import { openTestDb, sampleAgent, sampleMetrics, type TestDb } from '../agents/testing/agentFixtures';
import type { ConversationPort } from './conversationPort';
import { ConversationStore } from './conversationStore';
import type { Message } from './conversationTypes';
import { MemoryTranscript } from './memoryTranscript';

const metrics = sampleMetrics;
const seed = {
  agentId: 'helper',
  history: [
    { role: 'user' as const, content: 'Earlier question' },
    { role: 'assistant' as const, content: 'Earlier answer' },
  ],
  text: 'Now this',
};

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.db.close());

/** The same seed as a stored conversation in SQLite, for the two ports to be compared. */
function storedSeed(): { port: ConversationPort; conversationId: string; userMessageId: string } {
  new AgentStore(t.db, t.dbFile, t.clock).create(sampleAgent());
  const store = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
  const conversationId = store.create('helper').id;
  for (const m of seed.history) store.addMessage(conversationId, { ...m, agentId: seed.agentId });
  const user = store.addMessage(conversationId, { role: 'user', content: seed.text, agentId: seed.agentId });
  return { port: store, conversationId, userMessageId: user.id };
}

/** A turn's writes: a streamed reply with a tool call, its tool row, a second reply that fails part-way. */
function playTurn(port: ConversationPort, conversationId: string): Message[] {
  const first = port.beginAssistantMessage(conversationId, { agentId: 'helper', modelId: 'tiny-1' });
  port.appendToMessage(first.id, 'Let me ');
  port.appendToMessage(first.id, '');
  port.appendToMessage(first.id, 'look');
  expect(port.getMessage(first.id)).toMatchObject({ content: 'Let me look', status: 'streaming' });
  port.completeMessage(first.id, {
    content: 'Let me look it up',
    metrics,
    functionCalls: [{ name: 'pick_colour', params: { colour: 'red' }, result: 'red' }],
    servedBy: 'node:a/tiny-1',
  });
  port.addMessage(conversationId, {
    role: 'tool',
    content: '<tool_result name="pick_colour">\nred\n</tool_result>',
    agentId: 'helper',
    toolResult: {
      callId: 'call-1',
      name: 'pick_colour',
      ok: true,
      output: 'red',
      truncated: false,
      error: null,
      decision: 'allowed',
    },
  });
  const second = port.beginAssistantMessage(conversationId, { routerLabel: 'Escalated', modelId: 'node:gone/big' });
  // The node was unreachable before the first token: the same row goes on locally.
  const moved = port.retargetAssistantMessage(second.id, {
    modelId: 'tiny-1',
    routerLabel: 'Helper',
    routerReason: null,
  });
  expect(moved).toMatchObject({ id: second.id, status: 'streaming', modelId: 'tiny-1', routerLabel: 'Helper' });
  port.appendToMessage(second.id, 'Red is');
  port.failMessage(second.id, { code: 'aborted', message: 'Stopped' });
  return port.messages(conversationId);
}

/** What a turn can see of a row; ids, times and the conversation id differ by nature. */
const shape = (m: Message) => ({ ...m, id: 'x', conversationId: 'x', createdAt: 0, updatedAt: 0 });

describe('MemoryTranscript', () => {
  it('answers a turn exactly as the SQLite store does for the same writes', () => {
    const stored = storedSeed();
    const transcript = new MemoryTranscript(seed, t.clock);
    expect(transcript.getMessage(transcript.userMessageId)).toMatchObject({ role: 'user', content: 'Now this' });
    const fromStore = playTurn(stored.port, stored.conversationId).map(shape);
    const fromMemory = playTurn(transcript, transcript.conversationId).map(shape);
    expect(fromMemory).toEqual(fromStore);
    expect(fromMemory.map((m) => `${m.role}:${m.status}`)).toEqual([
      'user:complete',
      'assistant:complete',
      'user:complete',
      'assistant:complete',
      'tool:complete',
      'assistant:error',
    ]);
  });

  it('refuses what the store refuses: another conversation, an unknown message, writing to a finished reply', () => {
    const transcript = new MemoryTranscript(seed, t.clock);
    const code = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return error instanceof OutpostError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => transcript.messages('elsewhere'))).toBe('not_found');
    expect(code(() => transcript.getMessage('missing'))).toBe('not_found');
    expect(code(() => transcript.appendToMessage(transcript.userMessageId, 'more'))).toBe('conflict');
    const reply = transcript.beginAssistantMessage(transcript.conversationId);
    transcript.completeMessage(reply.id, { content: 'Done' });
    expect(code(() => transcript.completeMessage(reply.id, { content: 'Again' }))).toBe('conflict');
    expect(code(() => transcript.retargetAssistantMessage(reply.id, { modelId: 'tiny-1' }))).toBe('conflict');
  });

  it('hands out copies: changing a returned row does not change the transcript', () => {
    const transcript = new MemoryTranscript(seed, t.clock);
    transcript.messages(transcript.conversationId)[0]!.content = 'changed';
    expect(transcript.messages(transcript.conversationId)[0]!.content).toBe('Earlier question');
  });
});
