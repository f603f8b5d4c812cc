import { OutpostError } from '@contract';

interface SqliteLikeError {
  code?: string;
  message?: string;
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX']);

export function isCorruptionError(error: unknown): boolean {
  const code = (error as SqliteLikeError | null)?.code;
  return typeof code === 'string' && CORRUPT_CODES.has(code);
}

/** Turns a SQLite failure into a typed error that names the file and says what the user can do. */
export function toStorageError(error: unknown, file: string, action: string): OutpostError {
  if (error instanceof OutpostError) return error;
  const { code, message } = (error ?? {}) as SqliteLikeError;
  const hint =
    code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE'
      ? 'the disk is full; free some space and try again'
      : code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM'
        ? 'the file or its folder is not writable'
        : code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
          ? 'another process holds the database; close other Outpost windows'
          : (message ?? String(error));
  return new OutpostError('storage_error', `Could not ${action} (${file}): ${hint}`, {
    file,
    sqliteCode: code ?? null,
  });
}

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC', 'EDQUOT']);

/** A full disk (or quota), raw or already typed by toStorageError. */
export function isDiskFull(error: unknown): boolean {
  if (error instanceof OutpostError) {
    const details = error.details as { sqliteCode?: unknown; code?: unknown } | undefined;
    return error.code === 'storage_error' && DISK_FULL_CODES.has(String(details?.sqliteCode ?? details?.code));
  }
  return DISK_FULL_CODES.has(String((error as SqliteLikeError | null)?.code));
}

/** A SQLite failure that escaped a store's own handling (better-sqlite3 throws SqliteError with SQLITE_* codes). */
export function isSqliteError(error: unknown): boolean {
  const code = (error as SqliteLikeError | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
