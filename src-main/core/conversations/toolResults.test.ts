/** Tool rows keep their call's structured result; rows from before migration 16 read theirs from the stored text. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolResult } from '@contract';
import { AgentStore } from '../agents/agentStore';
import { openTestDb, sampleAgent, type TestDb } from '../agents/testing/agentFixtures';
import { formatToolResultForModel } from '../tools/resultFormat';
import { ConversationStore } from './conversationStore';

let t: TestDb;
let store: ConversationStore;

beforeEach(() => {
  t = openTestDb();
  new AgentStore(t.db, t.dbFile, t.clock).create(sampleAgent());
  store = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
});
afterEach(() => {
  if (t.db.open) t.db.close();
});

describe('tool rows', () => {
  it('store the structured result and read it back as written', () => {
    const c = store.create('helper');
    const result: ToolResult = {
      callId: 'k1',
      name: 'read_file',
      ok: false,
      output: 'Error (outside_grant): not in a granted folder',
      truncated: false,
      error: { code: 'outside_grant', message: 'not in a granted folder' },
      decision: 'allowed',
    };
    const row = store.addMessage(c.id, {
      role: 'tool',
      content: formatToolResultForModel('read_file', result.output),
      toolResult: result,
    });
    expect(row.toolResult).toEqual(result);
    expect(store.messages(c.id)[0]?.toolResult).toEqual(result);
    const user = store.addMessage(c.id, { role: 'user', content: 'hi' });
    expect(user.toolResult).toBeNull();
  });

  it('rows written before results were stored read as a result from their text', () => {
    const c = store.create('helper');
    const ok = store.addMessage(c.id, { role: 'tool', content: formatToolResultForModel('calculator', '4') });
    const failed = store.addMessage(c.id, {
      role: 'tool',
      content: formatToolResultForModel('read_file', 'Error (denied): the user said no'),
    });
    const odd = store.addMessage(c.id, {
      role: 'tool',
      content: formatToolResultForModel('x', 'Error (made_up_code): something'),
    });
    expect(ok.toolResult).toEqual({
      callId: ok.id,
      name: 'calculator',
      ok: true,
      output: '4',
      truncated: false,
      error: null,
      decision: null,
    });
    expect(failed.toolResult).toMatchObject({ ok: false, error: { code: 'denied', message: 'the user said no' } });
    expect(odd.toolResult?.error?.code).toBe('tool_failed');
  });

  it('an error code from before the list was closed reads as internal', () => {
    const c = store.create('helper');
    const reply = store.beginAssistantMessage(c.id);
    t.db
      .prepare('UPDATE messages SET status = ?, error_json = ? WHERE id = ?')
      .run(
        'error',
        JSON.stringify({ code: 'generation_failed', message: 'The model stopped with an error.' }),
        reply.id,
      );
    expect(store.getMessage(reply.id).error).toEqual({ code: 'internal', message: 'The model stopped with an error.' });
  });
});
