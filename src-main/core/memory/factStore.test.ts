import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FactStore } from './factStore';
import { openTestDatabase } from '../tools/testing/toolTestKit';

describe('FactStore keyword ranks', () => {
  let db: Database;
  let facts: FactStore;
  beforeEach(() => {
    db = openTestDatabase();
    facts = new FactStore(db, Date.now);
  });
  afterEach(() => db.close());

  /** 3,000 facts that all say "note", a few that name a rare word, some owned by another agent. */
  function seed(): void {
    const insert = db.prepare(
      'INSERT INTO facts (agent_id, text, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run('a', `note number ${i}`, 'test', i, i);
      insert.run('a', 'note about the lighthouse keeper', 'test', 1, 1);
      insert.run(null, 'global lighthouse fact', 'test', 2, 2);
      insert.run('b', 'lighthouse owned by agent b', 'test', 3, 3);
    })();
  }

  it('finds the rare term and drops a term nearly every fact contains', () => {
    seed();
    const hits = facts.keywordRanks('a', 'note lighthouse keeper', 50);
    const texts = facts.byIds(hits.map((h) => h.id));
    // "note" is in 3,001 of 3,003 facts: ranking it would rank everything; only the rare terms are searched.
    expect([...texts.values()].map((f) => f.text).sort()).toEqual([
      'global lighthouse fact',
      'note about the lighthouse keeper',
    ]);
    expect(texts.get(hits[0]!.id)?.text).toBe('note about the lighthouse keeper');
  });

  it('keeps the two rarest terms when every term is common', () => {
    seed();
    expect(facts.keywordRanks('a', 'note number', 5)).toHaveLength(5);
  });

  it('does not prune in small stores', () => {
    facts.add('a', 'note one', 'test');
    facts.add('a', 'note two lighthouse', 'test');
    facts.add('a', 'note three', 'test');
    expect(facts.keywordRanks('a', 'note', 10)).toHaveLength(3);
  });

  it('merges a duplicate in the same scope within one add', () => {
    const first = facts.addOrMerge('a', 'The sky is blue.', 'test');
    const again = facts.addOrMerge('a', 'the sky is blue', 'test', { pinned: true });
    expect(again).toMatchObject({ merged: true, fact: { id: first.fact.id, pinned: true } });
    expect(facts.addOrMerge('b', 'the sky is blue', 'test').merged).toBe(false);
  });
});
