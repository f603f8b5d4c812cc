import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobInput } from '@contract';
import { AgentStore } from '../agents/agentStore';
import { openTestDb, sampleAgent, type TestDb } from '../agents/testing/agentFixtures';
import { ConversationStore } from '../conversations/conversationStore';
import { JobStore } from './jobStore';

let t: TestDb;
let jobs: JobStore;
let conversationId: string;
beforeEach(() => {
  t = openTestDb();
  new AgentStore(t.db, t.dbFile, t.clock).create(sampleAgent());
  conversationId = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock }).create('helper').id;
  jobs = new JobStore({ db: t.db, dbFile: t.dbFile }, t.clock.now);
});
afterEach(() => t.db.close());

const input = (name: string) =>
  JobInput.parse({ name, agentId: 'helper', instruction: 'Sum up the day', trigger: { kind: 'manual' } });

describe('JobStore', () => {
  it('reads its JSON columns back through their schemas and skips a row whose column is damaged', () => {
    const kept = jobs.create(input('Kept'), conversationId);
    const damaged = jobs.create(input('Damaged'), conversationId);
    expect(jobs.get(kept.id)).toMatchObject({ trigger: { kind: 'manual' }, limits: { maxToolRounds: 4 } });
    for (const value of ['{not json', '{"kind":"teleport"}']) {
      t.db.prepare('UPDATE jobs SET trigger_json = ? WHERE id = ?').run(value, damaged.id);
      expect(jobs.find(damaged.id)).toBeNull();
      expect(jobs.list().map((j) => j.name)).toEqual(['Kept']);
    }
  });
});
