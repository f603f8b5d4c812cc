import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentStore } from '../agents/agentStore';
import { openTestDb, sampleAgent, type TestDb } from '../agents/testing/agentFixtures';
import { ConversationStore } from './conversationStore';
import { toFtsQuery } from '../storage/ftsQuery';
import { HIGHLIGHT_END, HIGHLIGHT_START, snippetSegments } from './searchSnippets';

let t: TestDb;
let store: ConversationStore;
let gardenId: string;

beforeEach(() => {
  t = openTestDb();
  const agents = new AgentStore(t.db, t.dbFile, t.clock);
  agents.create(sampleAgent());
  agents.create(sampleAgent({ id: 'cook', name: 'Cook' }));
  store = new ConversationStore({ db: t.db, dbFile: t.dbFile, clock: t.clock });
  const garden = store.create('helper');
  gardenId = garden.id;
  store.addMessage(garden.id, { role: 'user', content: 'Which tomatoes grow well on a windy balcony?' });
  store.addMessage(garden.id, {
    role: 'assistant',
    content: 'Cherry tomatoes in deep pots; stake them against the wind.',
  });
  const kitchen = store.create('cook');
  store.addMessage(kitchen.id, {
    role: 'user',
    content: 'A sauce with tomatoes and NEAR-ripe peppers, "quoted" please',
  });
});
afterEach(() => t.db.close());

describe('conversation search', () => {
  it('finds messages with highlighted snippets, best first, optionally per agent', () => {
    const hits = store.search('tomatoes');
    expect(hits).toHaveLength(3);
    expect(hits[0]!.snippet).toContain(`${HIGHLIGHT_START}tomatoes${HIGHLIGHT_END}`);
    expect(hits.every((h, i) => i === 0 || h.rank >= hits[i - 1]!.rank)).toBe(true);
    const scoped = store.search('tomatoes', { agentId: 'helper' });
    expect(scoped.map((h) => h.conversationId)).toEqual([gardenId, gardenId]);
    expect(scoped[0]!.conversationTitle).toMatch(/^Which tomatoes/);
  });

  it('supports a trailing * as a prefix search and ANDs words', () => {
    expect(store.search('tomat*')).toHaveLength(3);
    expect(store.search('cherry wind')).toHaveLength(1);
    expect(store.search('cherry sauce')).toHaveLength(0);
  });

  it.each([
    '"',
    '*',
    'NEAR(',
    '-',
    'tomatoes"',
    'a OR',
    'NOT',
    '^',
    'col:tomatoes',
    '(((',
    "'",
    '" OR 1=1 --',
    '\u0000',
    '',
  ])('survives the hostile query %j', (query) => {
    expect(() => store.search(query)).not.toThrow();
  });

  it('treats operators in user input as plain words', () => {
    expect(store.search('NEAR(tomatoes').length).toBe(1); // "near" + "tomatoes": only the sauce message has both
    expect(store.search('-wind')).toHaveLength(1);
    expect(store.search('"quoted"')).toHaveLength(1);
    expect(toFtsQuery('a "b" c*', { mode: 'all', prefix: true })).toBe('"a" "b" "c"*');
    expect(toFtsQuery('*** --- ', { mode: 'all', prefix: true })).toBeNull();
    expect(toFtsQuery('Dog NEAR(cat) dog', { mode: 'any' })).toBe('"dog" OR "near" OR "cat"');
    expect(toFtsQuery('a c*', { mode: 'any' })).toBe('"a" OR "c"');
  });

  it('splits snippets into segments for safe rendering', () => {
    expect(snippetSegments(`a ${HIGHLIGHT_START}b${HIGHLIGHT_END} c`)).toEqual([
      { text: 'a ', highlighted: false },
      { text: 'b', highlighted: true },
      { text: ' c', highlighted: false },
    ]);
  });
});
