import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OutpostError, type AppNotice } from '@contract';
import type { Logger } from '../ports';
import { NewerSchemaError, runMigrations, type Migration } from './migrations';
import { isCorruptionError, toStorageError } from './storageErrors';

export interface OpenedDatabase {
  db: Database.Database;
  /** Set when the file was unreadable and has been moved aside for a fresh one. */
  recovery: AppNotice | null;
}

class IntegrityError extends Error {
  readonly code = 'SQLITE_CORRUPT';
}

export interface SqliteOptions {
  /** Path of the better-sqlite3 addon to load instead of the package's own (the Electron-ABI build in dev). */
  nativeBinding?: string;
}

function openAndMigrate(
  file: string,
  migrations: readonly Migration[],
  now: () => number,
  sqlite: SqliteOptions,
): Database.Database {
  const db = new Database(file, sqlite.nativeBinding ? { nativeBinding: sqlite.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new IntegrityError(`quick_check reported: ${String(check)}`);
    runMigrations(db, migrations, now);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Moves the database and its WAL/SHM side files aside; nothing is deleted. */
function setAside(file: string, stamp: string): string[] {
  const moved: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const from = file + suffix;
    if (!fs.existsSync(from)) continue;
    const to = `${file}.corrupt-${stamp}${suffix}`;
    fs.renameSync(from, to);
    moved.push(to);
  }
  return moved;
}

/**
 * Opens (creating if needed) the app database. A corrupt file is kept aside and replaced by a fresh
 * one, with a notice for the UI; any other failure is a typed storage error naming the file.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[],
  logger: Logger,
  now: () => number = Date.now,
  sqlite: SqliteOptions = {},
): OpenedDatabase {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return { db: openAndMigrate(file, migrations, now, sqlite), recovery: null };
  } catch (error) {
    if (error instanceof NewerSchemaError) {
      throw new OutpostError('storage_error', `Cannot open ${file}: ${error.message}. Update Outpost to use it.`, {
        file,
      });
    }
    if (!isCorruptionError(error)) throw toStorageError(error, file, 'open the database');
    const reason = error instanceof Error ? error.message : String(error);
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    const moved = setAside(file, stamp);
    logger.warn('database unreadable; set aside and starting fresh', { file, moved, reason });
    const db = openAndMigrate(file, migrations, now, sqlite);
    return {
      db,
      recovery: {
        id: `db-recovered-${stamp}`,
        level: 'warning',
        title: 'Your database could not be read',
        message:
          `${file} was damaged (${reason}). Outpost started with a fresh database and kept the damaged ` +
          `file as ${moved[0] ?? 'unknown'} so nothing is lost; you can inspect or restore it by hand.`,
        files: [file, ...moved],
      },
    };
  }
}
