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
    code === 'SQLITE_FULL'
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
