import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { DiskReserve } from './diskReserve';
import { isDiskFull, toStorageError } from './storageErrors';

const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('DiskReserve', () => {
  it('holds real bytes in the data folder', () => {
    const reserve = new DiskReserve(makeTempDir(), createMemoryLogger(), 64 * 1024);
    expect(reserve.ensure()).toBe(true);
    expect(fs.statSync(reserve.file).size).toBe(64 * 1024);
    expect(fs.statSync(reserve.file).blocks * 512).toBeGreaterThanOrEqual(64 * 1024); // not sparse
  });

  it('releases the reserve and retries a critical write once when the disk is full', () => {
    const reserve = new DiskReserve(makeTempDir(), createMemoryLogger(), 4096);
    reserve.ensure();
    let attempts = 0;
    const value = reserve.critical(() => {
      if (attempts++ === 0) throw toStorageError(diskFull(), 'db', 'save');
      return 'written';
    });
    expect(value).toBe('written');
    expect(fs.existsSync(reserve.file)).toBe(false);
    // Spent: the next full-disk write fails typed instead of retrying forever.
    expect(() =>
      reserve.critical(() => {
        throw diskFull();
      }),
    ).toThrow('database or disk is full');
  });

  it('does not spend the reserve on other failures', () => {
    const reserve = new DiskReserve(makeTempDir(), createMemoryLogger(), 4096);
    reserve.ensure();
    const busy = Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' });
    expect(() =>
      reserve.critical(() => {
        throw busy;
      }),
    ).toThrow('locked');
    expect(fs.existsSync(path.join(path.dirname(reserve.file), path.basename(reserve.file)))).toBe(true);
  });

  it('recognises a full disk raw, typed, or as ENOSPC', () => {
    expect(isDiskFull(diskFull())).toBe(true);
    expect(isDiskFull(toStorageError(diskFull(), 'db', 'save'))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
  });
});
