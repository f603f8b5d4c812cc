/** The last two steps: prove the finished partial is the file the catalog describes, then put it in place. */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { GgufValidationError, readGgufHeader } from '../models/ggufHeader';
import { DownloadFailure } from './downloadErrors';
import type { CatalogFile, CheckKind, VerifiedBy } from './downloadTypes';

export interface FinishedPartial {
  partialPath: string;
  sizeBytes: number;
  /** Computed while streaming. */
  sha256: string;
  file: CatalogFile;
  check: CheckKind;
}

/**
 * Returns how the file was verified: 'sha256', 'size-and-header', or null when nothing could be checked
 * (no hash, inexact size, check 'none'). A proven-bad file throws with `keepPartial: false`.
 */
export async function verifyPartial(finished: FinishedPartial): Promise<VerifiedBy | null> {
  const { file, sha256, sizeBytes } = finished;
  if (file.sha256 !== null) {
    if (sha256 === file.sha256) return 'sha256';
    throw new DownloadFailure(
      'checksum_mismatch',
      `${file.fileName} is corrupt: its SHA-256 is ${sha256}, expected ${file.sha256}. ` +
        'The damaged download was deleted; retry to download it again.',
      { keepPartial: false, details: { expected: file.sha256, actual: sha256 } },
    );
  }
  if (file.sizeVerified && sizeBytes !== file.sizeBytes) {
    throw new DownloadFailure(
      'invalid_model',
      `${file.fileName} has ${sizeBytes} bytes, expected ${file.sizeBytes}; the download was deleted`,
      { keepPartial: false, details: { expectedBytes: file.sizeBytes, actualBytes: sizeBytes } },
    );
  }
  if (finished.check === 'none') return null;
  try {
    await readGgufHeader(finished.partialPath);
  } catch (error) {
    if (!(error instanceof GgufValidationError)) throw error;
    throw new DownloadFailure(
      'invalid_model',
      `${file.fileName} is not a usable GGUF model (${error.message}); the download was deleted`,
      { keepPartial: false, details: { reason: error.reason, offset: error.offset } },
    );
  }
  return 'size-and-header';
}

/** Renames the verified partial to `destPath`, never over an existing file. */
export async function moveIntoPlace(partialPath: string, destPath: string): Promise<void> {
  await mkdir(path.dirname(destPath), { recursive: true });
  const existing = await lstat(destPath).catch(() => null);
  if (existing) {
    throw new DownloadFailure(
      'conflict',
      `A file named ${path.basename(destPath)} already exists in ${path.dirname(destPath)}; ` +
        'move or rename it, then resume (the verified download is kept)',
      { details: { file: destPath } },
    );
  }
  try {
    await rename(partialPath, destPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyAcrossDevices(partialPath, destPath);
  }
}

/** The partial folder is on another disk than the destination: copy beside it, flush, then rename. */
async function copyAcrossDevices(partialPath: string, destPath: string): Promise<void> {
  const temporary = path.join(path.dirname(destPath), `.${path.basename(destPath)}.download-copy`);
  try {
    await copyFile(partialPath, temporary, constants.COPYFILE_EXCL);
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, destPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await rm(partialPath, { force: true });
}
