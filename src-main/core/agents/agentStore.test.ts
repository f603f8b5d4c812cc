import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { ConversationStore } from '../conversations/conversationStore';
import { AgentStore } from './agentStore';
import { openTestDb, sampleAgent, type TestDb } from './testing/agentFixtures';

let t: TestDb;
let store: AgentStore;

beforeEach(() => {
  t = openTestDb();
  store = new AgentStore(t.db, t.dbFile, t.clock);
});
afterEach(() => t.db.close());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof OutpostError ? error.code : 'not-outpost';
  }
  return undefined;
}

describe('AgentStore', () => {
  it('creates with defaults filled in and reads back the same definition', () => {
    const created = store.create(sampleAgent());
    expect(created.version).toBe(1);
    expect(created.definition.kind).toBe('single');
    expect(created.definition.context).toEqual({ strategy: 'truncate-oldest', reserveForReply: 1024 });
    expect(store.get('helper')).toEqual(created);
    expect(store.list().map((a) => a.definition.id)).toEqual(['helper']);
  });

  it('rejects duplicates, invalid definitions and unknown ids with typed errors', () => {
    store.create(sampleAgent());
    expect(codeOf(() => store.create(sampleAgent()))).toBe('conflict');
    expect(codeOf(() => store.create(sampleAgent({ id: 'Bad Id' })))).toBe('bad_request');
    expect(codeOf(() => store.get('missing'))).toBe('not_found');
    expect(codeOf(() => store.update('helper', { id: 'other' }))).toBe('bad_request');
  });

  it('files every previous definition on update and restores any version', () => {
    store.create(sampleAgent());
    store.update('helper', { name: 'Helper 2' });
    const third = store.update('helper', { systemPrompt: 'Be terse.' });
    expect(third.version).toBe(3);

    const history = store.history('helper');
    expect(history.map((h) => [h.version, h.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(history[2]!.definition.name).toBe('Helper');
    expect(history[1]!.definition.name).toBe('Helper 2');

    const restored = store.restore('helper', 1);
    expect(restored.version).toBe(4);
    expect(restored.definition.name).toBe('Helper');
    expect(restored.definition.systemPrompt).toBe('You help.');
    // The restore itself is undoable: version 3 is in the history now.
    expect(store.history('helper').find((h) => h.version === 3)?.definition.systemPrompt).toBe('Be terse.');
    expect(codeOf(() => store.restore('helper', 99))).toBe('not_found');
  });

  it('a rejected update changes nothing', () => {
    store.create(sampleAgent());
    expect(codeOf(() => store.update('helper', { avatar: { symbol: 'H', colour: 'red' } }))).toBe('bad_request');
    expect(store.get('helper').version).toBe(1);
    expect(store.history('helper')).toHaveLength(1);
  });

  it('duplicates under a new id with "(copy)" and leaves the original alone', () => {
    store.create(sampleAgent());
    const copy = store.duplicate('helper');
    const again = store.duplicate('helper');
    expect(copy.definition.id).toBe('helper-copy');
    expect(again.definition.id).toBe('helper-copy-2');
    expect(copy.definition.name).toBe('Helper (copy)');
    expect(copy.version).toBe(1);
    expect(store.get('helper').definition.name).toBe('Helper');
  });

  it('delete removes the agent, its history and its conversations with their messages', () => {
    store.create(sampleAgent());
    store.create(sampleAgent({ id: 'other', name: 'Other' }));
    store.update('helper', { name: 'Renamed' });
    const conversations = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
    const mine = conversations.create('helper');
    conversations.addMessage(mine.id, { role: 'user', content: 'remember the walrus' });
    const theirs = conversations.create('other');
    conversations.addMessage(theirs.id, { role: 'user', content: 'walrus too' });

    expect(store.delete('helper')).toEqual({ deletedConversations: 1 });
    expect(store.find('helper')).toBeNull();
    const count = (sql: string) => (t.db.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT count(*) AS n FROM agent_versions WHERE agent_id = 'helper'`)).toBe(0);
    expect(count(`SELECT count(*) AS n FROM conversations WHERE agent_id = 'helper'`)).toBe(0);
    expect(count('SELECT count(*) AS n FROM messages')).toBe(1);
    expect(conversations.search('walrus').map((h) => h.conversationId)).toEqual([theirs.id]);
    expect(codeOf(() => store.delete('helper'))).toBe('not_found');
  });

  it('createMany renames taken ids, remaps team members in the batch, and is all or nothing', () => {
    store.create(sampleAgent());
    const team = sampleAgent({
      id: 'team',
      name: 'Team',
      kind: 'team',
      team: { routerModel: 'm', members: [{ agentId: 'helper', purpose: 'helps' }] },
    });
    const created = store.createMany([sampleAgent({ name: 'Imported helper' }), team]);
    expect(created.map((a) => a.definition.id)).toEqual(['helper-2', 'team']);
    expect(created[1]!.definition.team?.members[0]?.agentId).toBe('helper-2');

    expect(
      codeOf(() =>
        store.createMany([
          sampleAgent({ id: 'fine' }),
          sampleAgent({ id: 'broken', systemPrompt: 'x'.repeat(40_000) }),
        ]),
      ),
    ).toBe('bad_request');
    expect(store.find('fine')).toBeNull();
  });

  it('reports a storage failure as a typed storage error naming the file', () => {
    store.create(sampleAgent());
    t.db.exec('DROP TABLE agent_versions');
    let error: unknown;
    try {
      store.update('helper', { name: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).code).toBe('storage_error');
    expect((error as OutpostError).message).toContain(t.dbFile);
    expect(store.get('helper').definition.name).toBe('Helper');
  });
});
