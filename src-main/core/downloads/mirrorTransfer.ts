/**
 * Gets the whole file into the partial: mirrors in order, retries with backoff for transient trouble,
 * every attempt resuming from the bytes already on disk.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../ports';
import { DownloadFailure, hostOf, toDownloadFailure } from './downloadErrors';
import type { CatalogFile, RetryPolicy } from './downloadTypes';
import type { HashedPartialFile } from './hashResume';
import { NO_VALIDATOR, type ResumeValidator } from './httpRange';
import { attemptTransfer } from './transferAttempt';

/** Which mirror is in use and what it told us; persisted so a restart resumes against the same copy. */
export interface SourceState extends ResumeValidator {
  urlIndex: number;
  totalBytes: number | null;
}

export interface MirrorTransferRequest {
  file: CatalogFile;
  partial: HashedPartialFile;
  partialPath: string;
  source: SourceState;
  retry: RetryPolicy;
  fetchImpl: typeof fetch;
  authHeaderFor: (url: string) => string | null;
  signal: AbortSignal;
  stallTimeoutMs: number;
  logger: Logger;
  onSource(source: SourceState): void;
  onBytes(receivedBytes: number): void;
}

/** A server that keeps answering with unusable ranges is given up on after this many fresh starts. */
const MAX_START_OVERS = 3;

export async function transferFromMirrors(request: MirrorTransferRequest): Promise<SourceState> {
  const { file, logger } = request;
  let firstPermanent: DownloadFailure | null = null;
  let lastFailure: DownloadFailure | null = null;
  let source = request.source;
  for (let urlIndex = source.urlIndex; urlIndex < file.urls.length; urlIndex++) {
    if (urlIndex !== source.urlIndex) {
      // Validators belong to one server; the exact length carries over and guards the switch.
      source = { ...NO_VALIDATOR, urlIndex, totalBytes: source.totalBytes };
      request.onSource(source);
    }
    try {
      return await transferFromOne(request, source, (next) => (source = next));
    } catch (error) {
      if (request.signal.aborted) throw error;
      const failure = toDownloadFailure(error);
      if (failure.code === 'storage_error') throw failure; // a local problem: no mirror can help
      logger.warn('download mirror failed', { url: file.urls[urlIndex], code: failure.code, error: failure.message });
      lastFailure = failure;
      if (!failure.transient) firstPermanent ??= failure;
    }
  }
  // A definite answer (401, 404) says more than "could not connect" to another mirror.
  throw firstPermanent ?? lastFailure ?? new DownloadFailure('bad_request', `${file.fileName} has no download URL`);
}

async function transferFromOne(
  request: MirrorTransferRequest,
  initial: SourceState,
  track: (source: SourceState) => void,
): Promise<SourceState> {
  const { partial, retry } = request;
  const url = request.file.urls[initial.urlIndex] ?? '';
  let source = initial;
  let failures = 0;
  let startOvers = 0;
  for (;;) {
    const before = partial.size;
    try {
      const outcome = await attemptTransfer({
        url,
        fileName: request.file.fileName,
        partial,
        partialPath: request.partialPath,
        validator: source,
        knownTotal: source.totalBytes,
        exactSize: request.file.sizeVerified ? request.file.sizeBytes : null,
        maxBytes: request.file.sizeVerified ? request.file.sizeBytes : request.file.sizeBytes * 2,
        fetchImpl: request.fetchImpl,
        authHeaderFor: request.authHeaderFor,
        signal: request.signal,
        stallTimeoutMs: request.stallTimeoutMs,
        onResponse: (validator, totalBytes) => {
          source = {
            urlIndex: source.urlIndex,
            etag: validator.etag,
            lastModified: validator.lastModified,
            totalBytes,
          };
          track(source);
          request.onSource(source);
          request.onBytes(partial.size);
        },
        onBytes: request.onBytes,
      });
      if (outcome === 'complete') return source;
      if (++startOvers > MAX_START_OVERS) {
        throw new DownloadFailure('unavailable', `${hostOf(url)} keeps answering with unusable byte ranges`, {
          details: { url },
        });
      }
      source = { ...NO_VALIDATOR, urlIndex: source.urlIndex, totalBytes: null };
      track(source);
      request.onSource(source);
      request.onBytes(partial.size);
    } catch (error) {
      if (request.signal.aborted) throw error;
      const failure = toDownloadFailure(error);
      if (!failure.transient) throw failure;
      failures = partial.size > before ? 1 : failures + 1;
      if (failures > retry.attempts) throw failure;
      const delay = backoffMs(failures, retry);
      request.logger.info('download attempt failed; retrying', { url, failures, delay, error: failure.message });
      await sleep(delay, undefined, { signal: request.signal });
    }
  }
}

/** Exponential backoff with jitter, so many clients don't retry in lockstep. */
export function backoffMs(failures: number, retry: RetryPolicy): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}
