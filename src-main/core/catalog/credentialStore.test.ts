import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../agents/testing/agentFixtures';
import { CredentialStore } from './credentialStore';

let t: TestDb;
let store: CredentialStore;
beforeEach(() => {
  t = openTestDb();
  store = new CredentialStore(t.db, t.dbFile, t.clock.now);
});
afterEach(() => t.db.close());

describe('CredentialStore', () => {
  it('keeps, replaces and forgets a secret; a damaged or non-string value reads as none', () => {
    expect(store.get('hf')).toBeNull();
    store.set('hf', 'hf_one');
    store.set('hf', 'hf_two');
    expect(store.get('hf')).toBe('hf_two');
    store.set('hf', null);
    expect(store.get('hf')).toBeNull();
    for (const damaged of ['{not json', '42']) {
      t.db
        .prepare('INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, 0)')
        .run('secret.hf', damaged);
      expect(store.get('hf')).toBeNull();
    }
  });

  it('names the database file when the write fails', () => {
    t.db.exec(`CREATE TRIGGER no_secrets BEFORE INSERT ON settings BEGIN SELECT RAISE(ABORT, 'read-only'); END`);
    expect(() => store.set('hf', 'hf_one')).toThrow(expect.objectContaining({ code: 'storage_error' }));
    expect(() => store.set('hf', 'hf_one')).toThrow(t.dbFile);
  });
});
