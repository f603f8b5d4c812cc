import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { parseJsonColumn } from '../storage/jsonColumn';
import { writeTransaction } from '../storage/transactions';

const Secret = z.string().nullable();

/**
 * Secrets (the Hugging Face token) live in the settings table under a `secret.` key, which the
 * settings schema never reads, so they are never sent to the renderer.
 */
export class CredentialStore {
  constructor(
    private readonly db: Database,
    private readonly dbFile: string,
    private readonly now: () => number,
  ) {}

  get(name: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(`secret.${name}`) as
      { value: string } | undefined;
    return parseJsonColumn(row?.value, Secret, null);
  }

  set(name: string, value: string | null): void {
    writeTransaction({ db: this.db, dbFile: this.dbFile }, 'save the access token', () => {
      if (value === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(`secret.${name}`);
      else
        this.db
          .prepare(
            `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          )
          .run(`secret.${name}`, JSON.stringify(value), this.now());
    });
  }
}
