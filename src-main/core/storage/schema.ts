import type { Migration } from './migrations';

/** Every schema change Outpost ever made, in order. Append only: never edit a shipped migration. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    up(db) {
      db.exec(`CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      )`);
    },
  },
];
