/** Runs one download from its partial file to the verified file at its destination. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OutpostError } from '@contract';
import type { Logger } from '../ports';
import { assertDiskSpace } from './diskSpace';
import { DownloadFailure, writeFailure } from './downloadErrors';
import type { DownloadRecord, RetryPolicy, VerifiedBy } from './downloadTypes';
import { HashedPartialFile, type PartialHandle } from './hashResume';
import { transferFromMirrors, type SourceState } from './mirrorTransfer';
import { moveIntoPlace, verifyPartial } from './verifyDownload';

export interface JobEnvironment {
  partialDir: string;
  fetchImpl: typeof fetch;
  authHeaderFor: (url: string) => string | null;
  freeBytes: (dir: string) => Promise<number>;
  openPartial: (filePath: string) => Promise<PartialHandle>;
  retry: RetryPolicy;
  stallTimeoutMs: number;
  logger: Logger;
}

/** How a job tells its manager what is happening; the manager throttles, persists and emits. */
export interface JobReporter {
  bytes(receivedBytes: number): void;
  source(source: SourceState): void;
  verifying(receivedBytes: number): void;
  /** Saved before the rename, so a crash right after it still knows the file was verified. */
  verified(sha256: string, verifiedBy: VerifiedBy | null): void;
  /** Bytes other running downloads still have to write (they share the disk). */
  reservedBytesOfOthers(): number;
}

export interface JobResult {
  sha256: string;
  verifiedBy: VerifiedBy | null;
  receivedBytes: number;
}

export const partialPathFor = (partialDir: string, downloadId: string): string =>
  path.join(partialDir, `${downloadId}.part`);

export async function runDownloadJob(
  record: DownloadRecord,
  env: JobEnvironment,
  report: JobReporter,
  signal: AbortSignal,
): Promise<JobResult> {
  const partialPath = partialPathFor(env.partialDir, record.id);
  await mkdir(env.partialDir, { recursive: true }).catch((error: unknown) => {
    throw new DownloadFailure(
      'storage_error',
      `Could not create the download folder ${env.partialDir}: ${String(error)}`,
    );
  });
  const partial = await HashedPartialFile.open(partialPath, signal, env.openPartial).catch((error: unknown) => {
    if (signal.aborted) throw error;
    throw writeFailure(error, partialPath, record.file.fileName, 0);
  });
  let sha256: string;
  try {
    report.bytes(partial.size);
    const source: SourceState = {
      urlIndex: record.urlIndex,
      etag: record.etag,
      lastModified: record.lastModified,
      totalBytes: record.totalBytes,
    };
    const alreadyComplete = source.totalBytes !== null && partial.size === source.totalBytes;
    if (!alreadyComplete) {
      const expected = source.totalBytes ?? record.file.sizeBytes;
      await assertDiskSpace(
        {
          fileName: record.file.fileName,
          dir: env.partialDir,
          remainingBytes: Math.max(0, expected - partial.size),
          reservedBytes: report.reservedBytesOfOthers(),
        },
        env.freeBytes,
      ).catch((error: unknown) => {
        if (error instanceof OutpostError) throw error;
        // Can't measure (odd file system): go ahead; a full disk is still caught when writing.
        env.logger.warn('could not check free disk space', { dir: env.partialDir, error: String(error) });
      });
      await transferFromMirrors({
        file: record.file,
        partial,
        partialPath,
        source,
        retry: env.retry,
        fetchImpl: env.fetchImpl,
        authHeaderFor: env.authHeaderFor,
        signal,
        stallTimeoutMs: env.stallTimeoutMs,
        logger: env.logger,
        onSource: report.source,
        onBytes: report.bytes,
      });
    }
    // Verification and the rename must see bytes that are on disk; a full disk may only show up here.
    await partial.sync().catch((error: unknown) => {
      throw writeFailure(error, partialPath, record.file.fileName, partial.size);
    });
    sha256 = partial.digest();
  } finally {
    report.bytes(partial.size); // however the transfer ended, the count matches the file
    await partial.close();
  }
  report.verifying(partial.size);
  const verifiedBy = await verifyPartial({
    partialPath,
    sizeBytes: partial.size,
    sha256,
    file: record.file,
    check: record.check,
  });
  signal.throwIfAborted(); // paused or cancelled while verifying: the partial stays as it is
  report.verified(sha256, verifiedBy);
  await moveIntoPlace(partialPath, record.destPath).catch((error: unknown) => {
    if (error instanceof DownloadFailure) throw error;
    throw new DownloadFailure(
      'storage_error',
      `Could not move ${partialPath} to ${record.destPath}: ${String(error)}`,
      {
        details: { file: record.destPath },
      },
    );
  });
  return { sha256, verifiedBy, receivedBytes: partial.size };
}
