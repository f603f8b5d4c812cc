/** Streams a model file to a temporary name with progress and cancellation; failures leave nothing behind. */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OutpostError } from '@contract';
import { formatBytes } from './ggufErrors';

export type CopyProgress = (copiedBytes: number, totalBytes: number) => void;

export interface CopyOptions {
  signal?: AbortSignal;
  onProgress?: CopyProgress;
  /** Seam for tests (e.g. a stream that fails with ENOSPC); defaults to fs.createWriteStream. */
  openTarget?: (filePath: string) => Writable;
}

const CHUNK_BYTES = 1024 * 1024;

/** A dot-file next to `target`: scans ignore it, and a crash never leaves a half file under the real name. */
export function temporaryPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID().slice(0, 8)}.partial`);
}

/**
 * Copies `source` to `temporaryPath` (created exclusively) and flushes it to disk. On any failure the
 * temporary file is removed and a typed error naming the file is thrown.
 */
export async function copyToTemporary(
  source: string,
  temporaryPath: string,
  totalBytes: number,
  options: CopyOptions = {},
): Promise<void> {
  let copied = 0;
  const progress = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      copied += chunk.length;
      options.onProgress?.(copied, totalBytes);
      done(null, chunk);
    },
  });
  const openTarget = options.openTarget ?? ((file: string) => createWriteStream(file, { flags: 'wx' }));
  try {
    options.signal?.throwIfAborted();
    await pipeline(createReadStream(source, { highWaterMark: CHUNK_BYTES }), progress, openTarget(temporaryPath), {
      signal: options.signal,
    });
    const handle = await open(temporaryPath, 'r+');
    try {
      await handle.sync(); // the rename that follows must not expose a file whose bytes are still in cache
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw copyError(error, source, path.dirname(temporaryPath), totalBytes, options.signal);
  }
}

function copyError(
  error: unknown,
  source: string,
  targetDir: string,
  totalBytes: number,
  signal: AbortSignal | undefined,
): OutpostError {
  if (error instanceof OutpostError) return error;
  const { code, path: failedPath } = (error ?? {}) as NodeJS.ErrnoException;
  const fileName = path.basename(source);
  const details = { file: source, targetDir, code: code ?? null };
  const sourceFailed = failedPath === source;
  if (signal?.aborted || code === 'ABORT_ERR') {
    return new OutpostError('aborted', `Copying ${fileName} was cancelled; nothing was kept`, details);
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new OutpostError(
      'storage_error',
      `Could not copy ${fileName} (${formatBytes(totalBytes)}) into ${targetDir}: the disk is full. ` +
        'Free some space, or add the model as a link instead of a copy.',
      details,
    );
  }
  if (sourceFailed && code === 'ENOENT') {
    return new OutpostError('not_found', `${fileName} disappeared while it was being copied`, details);
  }
  if (sourceFailed) {
    return new OutpostError('storage_error', `Could not read ${source}: ${code ?? String(error)}`, details);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new OutpostError('storage_error', `Could not copy ${fileName}: ${targetDir} is not writable`, details);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new OutpostError('storage_error', `Could not copy ${fileName} into ${targetDir}: ${reason}`, details);
}
