/** The download manager's own vocabulary: what it persists per download and what it is built from. */
import type { Database } from 'better-sqlite3';
import type { CatalogFile, Download } from '../../../src-preload/contract/catalog';
import type { Clock, Logger } from '../ports';
import type { PartialHandle } from './hashResume';

export type { CatalogFile, Download };
export type DownloadState = Download['state'];
export type DownloadError = NonNullable<Download['error']>;
export type VerifiedBy = NonNullable<Download['verifiedBy']>;

/** 'gguf': without a SHA-256 the finished file must also pass our GGUF header validator. */
export type CheckKind = 'gguf' | 'none';

export interface StartDownloadRequest {
  modelId: string;
  variantId: string;
  file: CatalogFile;
  /** Final location; must be on the same file system as `partialDir` so the last step is a rename. */
  destPath: string;
  check: CheckKind;
}

/** Everything persisted about a download (one row of `downloads`). */
export interface DownloadRecord {
  id: string;
  modelId: string;
  variantId: string;
  file: CatalogFile;
  destPath: string;
  check: CheckKind;
  state: DownloadState;
  /** Index into `file.urls` of the mirror in use. */
  urlIndex: number;
  receivedBytes: number;
  totalBytes: number | null;
  /** Validators of the mirror in use, sent as If-Range so a changed file is never resumed into. */
  etag: string | null;
  lastModified: string | null;
  /** The expected hash until verification, then the hash actually computed. */
  sha256: string | null;
  verifiedBy: VerifiedBy | null;
  error: DownloadError | null;
  installedModelId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** States in which a download may still write its partial file or destination. */
export const OPEN_STATES: ReadonlySet<DownloadState> = new Set([
  'queued',
  'downloading',
  'paused',
  'verifying',
  'failed',
]);
/** States a transfer was in when the app stopped; they come back paused. */
export const INTERRUPTIBLE_STATES: ReadonlySet<DownloadState> = new Set(['queued', 'downloading', 'verifying']);

export interface RetryPolicy {
  /** Consecutive failed attempts per mirror (an attempt that received bytes resets the count). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export interface DownloadManagerOptions {
  db: Database;
  dbFile: string;
  /** Where `<id>.part` files live; keep it inside the models folder so finishing is an atomic rename. */
  partialDir: string;
  logger: Logger;
  clock: Clock;
  emit(download: Download): void;
  /** The one outbound HTTP function (a network guard may wrap it); every redirect hop goes through it. */
  fetchImpl: typeof fetch;
  maxConcurrent: () => number;
  /** Full `Authorization` header value for a URL (e.g. `Bearer hf_…` for huggingface.co), or null. */
  authHeaderFor: (url: string) => string | null;
  /** Called once the verified file sits at `verifiedPath` (the destination); e.g. registers the model. */
  finalize: (download: Download, verifiedPath: string) => Promise<{ installedModelId: string | null }>;
  /** Free bytes on the volume holding `dir`; defaults to fs.statfs. */
  freeBytes?: (dir: string) => Promise<number>;
  retry?: Partial<RetryPolicy>;
  /** Abort an attempt when no byte arrives for this long (default 60 s). */
  stallTimeoutMs?: number;
  /** Seam for tests (e.g. a disk that fills up); defaults to fs.promises.open(path, 'a+'). */
  openPartial?: (filePath: string) => Promise<PartialHandle>;
}

export function toDownload(
  record: DownloadRecord,
  live: { bytesPerSecond: number | null; etaSeconds: number | null } = { bytesPerSecond: null, etaSeconds: null },
): Download {
  return {
    id: record.id,
    modelId: record.modelId,
    variantId: record.variantId,
    fileName: record.file.fileName,
    url: record.file.urls[record.urlIndex] ?? record.file.urls[0] ?? '',
    state: record.state,
    receivedBytes: record.receivedBytes,
    totalBytes: record.totalBytes ?? record.file.sizeBytes,
    bytesPerSecond: live.bytesPerSecond,
    etaSeconds: live.etaSeconds,
    error: record.error,
    sha256: record.sha256,
    verifiedBy: record.verifiedBy,
    installedModelId: record.installedModelId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** A just-queued download of `file` (already validated) to `request.destPath` (already resolved). */
export function newDownloadRecord(
  id: string,
  request: StartDownloadRequest,
  file: CatalogFile,
  now: number,
): DownloadRecord {
  return {
    id,
    modelId: request.modelId,
    variantId: request.variantId,
    file,
    destPath: request.destPath,
    check: request.check,
    state: 'queued',
    urlIndex: 0,
    receivedBytes: 0,
    totalBytes: null,
    etag: null,
    lastModified: null,
    sha256: file.sha256,
    verifiedBy: null,
    error: null,
    installedModelId: null,
    createdAt: now,
    updatedAt: now,
  };
}
