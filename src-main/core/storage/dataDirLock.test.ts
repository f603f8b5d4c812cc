import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/testPorts';
import { DATA_DIR_LOCK_FILE, claimDataDir, dataDirHolder } from './dataDirLock';

describe('data dir lock (who runs a core on a data dir)', () => {
  it('names this process once claimed, and release removes only its own claim', () => {
    const dir = makeTempDir('outpost-lock-');
    expect(dataDirHolder(dir)).toBeNull();
    const lock = claimDataDir(dir, 'mcp', 123);
    expect(dataDirHolder(dir)).toEqual({ pid: process.pid, role: 'mcp', startedAt: 123 });
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    // Another process took over: releasing ours leaves its claim alone.
    fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, role: 'app', startedAt: 1 }));
    lock.release();
    expect(dataDirHolder(dir)).toMatchObject({ pid: process.ppid, role: 'app' });
    fs.rmSync(file);
    claimDataDir(dir, 'app').release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('treats a claim by a process that is gone, or a damaged file, as no holder', () => {
    const dir = makeTempDir('outpost-lock-');
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(file, JSON.stringify({ pid: gone, role: 'app', startedAt: 1 }));
    expect(dataDirHolder(dir)).toBeNull();
    for (const text of [
      '{not json',
      '{"pid":"x","role":"app","startedAt":1}',
      '{"pid":1,"role":"other","startedAt":1}',
    ]) {
      fs.writeFileSync(file, text);
      expect(dataDirHolder(dir)).toBeNull();
    }
  });
});
