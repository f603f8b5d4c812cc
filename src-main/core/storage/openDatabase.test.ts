import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { createCore, DATABASE_FILE_NAME } from '../createCore';
import { createMemoryLogger, createTestPorts, makeTempDir } from '../testing/testPorts';
import { runMigrations, type Migration } from './migrations';
import { openDatabase } from './openDatabase';
import { migrations } from './schema';

describe('openDatabase', () => {
  it('creates the schema with a migrations table, in WAL mode', () => {
    const file = path.join(makeTempDir(), 'a.db');
    const { db, recovery } = openDatabase(file, migrations, createMemoryLogger());
    expect(recovery).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(migrations.map((m) => ({ version: m.version })));
    db.close();
  });

  it('sets a garbage file aside, starts fresh, and says where the old file went', async () => {
    const t = createTestPorts();
    const file = path.join(t.dataDir, DATABASE_FILE_NAME);
    fs.writeFileSync(file, Buffer.from('this is not a sqlite database at all'.repeat(200)));
    const core = await createCore(t.ports);
    const info = await core.handlers['app.info']({}, { signal: new AbortController().signal });
    await core.dispose();

    expect(info.notices).toHaveLength(1);
    const notice = info.notices[0]!;
    expect(notice.files[0]).toBe(file);
    const keptAside = notice.files[1]!;
    expect(keptAside).toMatch(/outpost\.db\.corrupt-/);
    expect(notice.message).toContain(keptAside);
    expect(fs.readFileSync(keptAside, 'utf8')).toContain('this is not a sqlite database');
  });

  it('sets aside a database whose pages are damaged', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'b.db');
    const seed = new Database(file);
    seed.exec('CREATE TABLE t (x TEXT); ');
    const insert = seed.prepare('INSERT INTO t VALUES (?)');
    seed.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(20));
    })();
    seed.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 4096 * 2, 4096 * 6); // scribble over b-tree pages, keep the header valid
    fs.writeFileSync(file, bytes);

    const { db, recovery } = openDatabase(file, migrations, createMemoryLogger());
    expect(recovery?.level).toBe('warning');
    expect(fs.readdirSync(dir).some((f) => f.startsWith('b.db.corrupt-'))).toBe(true);
    db.close();
  });

  it('refuses a database written by a newer version without touching it', () => {
    const file = path.join(makeTempDir(), 'c.db');
    const future: Migration[] = [...migrations, { version: 999, name: 'future', up: () => {} }];
    const db = new Database(file);
    runMigrations(db, future, Date.now);
    db.close();

    expect(() => openDatabase(file, migrations, createMemoryLogger())).toThrow(OutpostError);
    expect(() => openDatabase(file, migrations, createMemoryLogger())).toThrow(/newer Outpost/);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('corrupt'))).toEqual([]);
    const reopened = new Database(file);
    expect(reopened.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 999 });
    reopened.close();
  });

  it('gives a typed error naming the file when the folder cannot be written', () => {
    const dir = makeTempDir();
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, 'x');
    const file = path.join(blocker, 'd.db');
    expect(() => openDatabase(file, migrations, createMemoryLogger())).toThrow(OutpostError);
    expect(() => openDatabase(file, migrations, createMemoryLogger())).toThrow(file);
  });
});
