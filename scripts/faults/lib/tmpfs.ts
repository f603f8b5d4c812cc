/** A small tmpfs for disk-full faults: mounting needs root, so callers skip with `problem` where it is refused. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeDataDir } from './faultHost';

export interface SmallDisk {
  dir: string;
  /** Why the disk could not be mounted (the tests skip with it), or null. */
  problem: string | null;
  unmount(): void;
}

export function mountSmallDisk(sizeMb: number): SmallDisk {
  const dir = path.join(makeDataDir('outpost-tmpfs-'), 'disk');
  fs.mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' });
  const problem = mounted.status === 0 ? null : `mount -t tmpfs refused: ${mounted.stderr.trim() || mounted.status}`;
  if (problem) console.warn(`disk-full faults skipped: ${problem}`);
  return { dir, problem, unmount: () => void (problem ? undefined : execFileSync('umount', ['-l', dir])) };
}

/** Fills the disk holding `file` until a write fails. */
export function fillDisk(file: string): void {
  const chunk = Buffer.alloc(256 * 1024, 1);
  const fd = fs.openSync(file, 'a');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}
