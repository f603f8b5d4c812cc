/**
 * A few MB of disk held in the data folder so the writes that close a failure (a reply ended by a full disk,
 * replies left streaming by a crash) still land when the disk is full: release, write, and say so.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../ports';
import { isDiskFull } from './storageErrors';

export const RESERVE_FILE_NAME = '.outpost-disk-reserve';
/** Enough WAL room for a few dozen page writes (a message row, its FTS entries, the conversation). */
export const DEFAULT_RESERVE_BYTES = 4 * 1024 * 1024;

export class DiskReserve {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly logger: Logger,
    private readonly bytes = DEFAULT_RESERVE_BYTES,
  ) {
    this.file = path.join(dataDir, RESERVE_FILE_NAME);
  }

  /** Creates the reserve when missing (start-up); on a full disk it stays missing and says so once. */
  ensure(): boolean {
    try {
      if (fs.statSync(this.file, { throwIfNoEntry: false })?.size === this.bytes) return true;
      // Real bytes, not a sparse file: a hole would free nothing when deleted.
      fs.writeFileSync(this.file, Buffer.alloc(this.bytes));
      return true;
    } catch (error) {
      fs.rmSync(this.file, { force: true });
      this.logger.warn('could not set disk space aside for recovery writes', { error: String(error) });
      return false;
    }
  }

  /** Frees the reserve; true when there was one to free. */
  release(): boolean {
    try {
      if (!fs.existsSync(this.file)) return false;
      fs.rmSync(this.file, { force: true });
      this.logger.warn('disk is full: released the reserved space to record what failed', { file: this.file });
      return true;
    } catch {
      return false;
    }
  }

  /** Runs a write that must land; on a full disk, releases the reserve and tries once more. */
  critical<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (!isDiskFull(error) || !this.release()) throw error;
      return work();
    }
  }
}
