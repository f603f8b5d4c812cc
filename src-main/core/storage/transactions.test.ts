import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { readQuery, storageTarget, writeTransaction, type StorageTarget } from './transactions';

let target: StorageTarget;
const names = () => (target.db.prepare('SELECT name FROM t ORDER BY name').pluck().all() as string[]).join(',');
const failure = (work: () => unknown): OutpostError => {
  try {
    work();
  } catch (error) {
    if (error instanceof OutpostError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

beforeEach(() => {
  target = storageTarget(new Database(':memory:'));
  target.db.exec('CREATE TABLE t (name TEXT PRIMARY KEY)');
});
afterEach(() => target.db.close());

describe('writeTransaction', () => {
  it('commits all of the work or none of it', () => {
    writeTransaction(target, 'add names', () => {
      target.db.prepare('INSERT INTO t VALUES (?)').run('a');
      target.db.prepare('INSERT INTO t VALUES (?)').run('b');
    });
    const error = failure(() =>
      writeTransaction(target, 'add more names', () => {
        target.db.prepare('INSERT INTO t VALUES (?)').run('c');
        target.db.prepare('INSERT INTO t VALUES (?)').run('a');
      }),
    );
    expect(names()).toBe('a,b');
    expect(error.code).toBe('storage_error');
    expect(error.message).toContain('Could not add more names (:memory:)');
    expect(error.details).toMatchObject({ file: ':memory:', sqliteCode: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
  });

  it("names a broken rule as the caller's conflict when asked, and lets typed errors through unchanged", () => {
    target.db.prepare('INSERT INTO t VALUES (?)').run('a');
    const conflict = failure(() =>
      writeTransaction(target, 'add', () => target.db.prepare('INSERT INTO t VALUES (?)').run('a'), {
        conflict: 'That name is taken',
      }),
    );
    expect(conflict.code).toBe('conflict');
    expect(conflict.message).toMatch(/^That name is taken \(/);
    const typed = new OutpostError('not_found', 'No such name');
    const throwTyped = (): never => {
      throw typed;
    };
    expect(failure(() => writeTransaction(target, 'add', throwTyped))).toBe(typed);
  });

  it('nests as a savepoint: an inner failure caught by the outer work keeps the outer writes', () => {
    writeTransaction(target, 'outer', () => {
      target.db.prepare('INSERT INTO t VALUES (?)').run('outer');
      try {
        writeTransaction(target, 'inner', () => {
          target.db.prepare('INSERT INTO t VALUES (?)').run('inner');
          throw new OutpostError('bad_request', 'inner refused');
        });
      } catch {
        // the inner step is optional
      }
    });
    expect(names()).toBe('outer');
  });
});

describe('readQuery', () => {
  it('types a failing read as a storage error naming the action', () => {
    const error = failure(() =>
      readQuery(target, 'read the names', () => target.db.prepare('SELECT * FROM nope').all()),
    );
    expect(error.code).toBe('storage_error');
    expect(error.message).toContain('Could not read the names');
  });
});
