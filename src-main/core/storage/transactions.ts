/** One way to write: inside a transaction, with SQLite failures turned into typed storage errors. */
import type { Database } from 'better-sqlite3';
import { toStorageError } from './storageErrors';

export interface StorageTarget {
  db: Database;
  /** The database file, named in error messages. */
  dbFile: string;
}

/** Runs `work` in a transaction (a savepoint when nested); OutpostErrors pass through unchanged. */
export function writeTransaction<T>(target: StorageTarget, action: string, work: () => T): T {
  try {
    return target.db.transaction(work)();
  } catch (error) {
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
