/** One way to write: inside a transaction, with SQLite failures turned into typed storage errors. */
import type { Database } from 'better-sqlite3';
import { OutpostError } from '@contract';
import { toStorageError } from './storageErrors';

export interface StorageTarget {
  db: Database;
  /** The database file, named in error messages. */
  dbFile: string;
}

export interface WriteOptions {
  /** What a broken UNIQUE / FOREIGN KEY rule means to the user, as a `conflict` (else a storage error). */
  conflict?: string;
}

/** For stores handed only the connection: better-sqlite3 knows the file it opened. */
export function storageTarget(db: Database): StorageTarget {
  return { db, dbFile: db.name };
}

/** Runs `work` in a transaction (a savepoint when nested); OutpostErrors pass through unchanged. */
export function writeTransaction<T>(
  target: StorageTarget,
  action: string,
  work: () => T,
  options: WriteOptions = {},
): T {
  try {
    return target.db.transaction(work)();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (options.conflict !== undefined && typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      throw new OutpostError('conflict', `${options.conflict} (${String(error)})`);
    }
    throw toStorageError(error, target.dbFile, action);
  }
}

/** Reads can fail too (disk errors, a locked file); give them the same typed shape. */
export function readQuery<T>(target: StorageTarget, action: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStorageError(error, target.dbFile, action);
  }
}
