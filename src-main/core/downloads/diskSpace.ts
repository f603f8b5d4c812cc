/** Refuses to start a download that cannot fit, before a single byte is written. */
import { statfs } from 'node:fs/promises';
import { OutpostError } from '@contract';
import { formatBytes } from '../models/ggufErrors';

/** Kept free beyond the file itself, so the database and logs can still be written. */
export const DISK_SPACE_MARGIN_BYTES = 64 * 1024 * 1024;

export async function statfsFreeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

export interface SpaceNeed {
  fileName: string;
  dir: string;
  /** Bytes this download still has to write. */
  remainingBytes: number;
  /** Bytes other running downloads on the same disk still have to write. */
  reservedBytes: number;
}

/** Throws `storage_error` naming the file, the need and the free space when the download cannot fit. */
export async function assertDiskSpace(need: SpaceNeed, freeBytes: (dir: string) => Promise<number>): Promise<void> {
  const free = await freeBytes(need.dir);
  const needed = need.remainingBytes + DISK_SPACE_MARGIN_BYTES;
  if (free - need.reservedBytes >= needed) return;
  const others = need.reservedBytes > 0 ? ` (plus ${formatBytes(need.reservedBytes)} for other downloads)` : '';
  throw new OutpostError(
    'storage_error',
    `Not enough disk space for ${need.fileName}: needs ${formatBytes(needed)}${others}, ` +
      `${formatBytes(Math.max(0, free))} free on ${need.dir}`,
    { file: need.fileName, dir: need.dir, neededBytes: needed, freeBytes: free, reservedBytes: need.reservedBytes },
  );
}
