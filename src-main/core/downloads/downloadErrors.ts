/** Why a download stopped, in words for the person waiting for it, and whether trying again may help. */
import path from 'node:path';
import { OutpostError, type ErrorCode } from '@contract';
import { formatBytes } from '../models/ggufErrors';
import type { DownloadError, DownloadRecord } from './downloadTypes';

/** `Download.error.code` is an ErrorCode or one of these download-only codes. */
export type DownloadErrorCode = ErrorCode | 'checksum_mismatch' | 'interrupted';

export interface FailureOptions {
  /** Worth retrying (network trouble, 5xx) — the next attempt resumes from the bytes on disk. */
  transient?: boolean;
  /** False when the partial is proven bad (wrong hash, not a GGUF file) and must go. */
  keepPartial?: boolean;
  details?: unknown;
}

export class DownloadFailure extends Error {
  readonly transient: boolean;
  readonly keepPartial: boolean;
  readonly details: unknown;

  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    options: FailureOptions = {},
  ) {
    super(message);
    this.name = 'DownloadFailure';
    this.transient = options.transient ?? false;
    this.keepPartial = options.keepPartial ?? true;
    this.details = options.details;
  }

  toError(): DownloadError {
    return { code: this.code, message: this.message };
  }
}

export const INTERRUPTED_ERROR: DownloadError = {
  code: 'interrupted',
  message: 'Interrupted when Outpost closed; resume to continue',
};

export function toDownloadFailure(error: unknown): DownloadFailure {
  if (error instanceof DownloadFailure) return error;
  if (error instanceof OutpostError) return new DownloadFailure(error.code, error.message, { details: error.details });
  const message = error instanceof Error ? error.message : String(error);
  return new DownloadFailure('internal', `The download stopped unexpectedly: ${message}`);
}

export const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const isHuggingFace = (url: string): boolean => /(^|\.)(huggingface\.co|hf\.co)(:\d+)?$/i.test(hostOf(url));

const CONNECTION_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** fetch() rejects with TypeError('fetch failed' | 'terminated') whose `cause` carries the socket error code. */
function causeCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** A failure below HTTP: DNS, refused or reset connections, a body cut short. */
export function networkFailure(error: unknown, url: string, midBody: boolean): DownloadFailure {
  const code = causeCode(error);
  const host = hostOf(url);
  const details = { url, code };
  if (code !== null && !CONNECTION_CODES.has(code)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DownloadFailure('unavailable', `Download from ${host} failed (${code}: ${reason})`, {
      transient: true,
      details,
    });
  }
  const message = midBody
    ? `The connection to ${host} was cut; the download will resume where it stopped`
    : `Can't reach ${host} — you are offline or the server is down; the download will resume where it stopped`;
  return new DownloadFailure('unavailable', message, { transient: true, details });
}

export function stallFailure(url: string, stallMs: number): DownloadFailure {
  return new DownloadFailure(
    'unavailable',
    `${hostOf(url)} sent nothing for ${Math.round(stallMs / 1000)} s; the download will resume where it stopped`,
    { transient: true, details: { url } },
  );
}

export function httpFailure(status: number, url: string, fileName: string, sentAuth: boolean): DownloadFailure {
  const host = hostOf(url);
  const details = { url, status };
  if (status === 401 || status === 403) {
    const message = !isHuggingFace(url)
      ? `${host} refused access to ${fileName} (HTTP ${status})`
      : sentAuth
        ? `Hugging Face refused your access token for ${fileName} (HTTP ${status}): this file belongs to a gated ` +
          'model — accept its license on huggingface.co with the account that owns the token, or check the token'
        : `${fileName} needs a Hugging Face access token (gated model): accept the model's license on ` +
          'huggingface.co, then add an access token in Settings';
    return new DownloadFailure('unauthorized', message, { details });
  }
  if (status === 404 || status === 410) {
    return new DownloadFailure(
      'not_found',
      `${fileName} was not found at ${url} (HTTP ${status}); the catalog entry may be out of date`,
      { details },
    );
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new DownloadFailure(
      'unavailable',
      `${host} answered HTTP ${status} for ${fileName}; try again later — the download will resume where it stopped`,
      { transient: true, details },
    );
  }
  return new DownloadFailure('bad_request', `${host} rejected the request for ${fileName} (HTTP ${status})`, {
    details,
  });
}

/** Writing the partial failed; a full disk keeps the bytes so a resume can continue after space is freed. */
export function writeFailure(
  error: unknown,
  partialPath: string,
  fileName: string,
  keptBytes: number,
): DownloadFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? null;
  const details = { file: partialPath, code };
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DownloadFailure(
      'storage_error',
      `Could not save ${fileName}: the disk is full. Free some space, then resume — the ` +
        `${formatBytes(keptBytes)} already downloaded are kept.`,
      { details },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DownloadFailure('storage_error', `Could not write ${partialPath}: ${reason}`, { details });
}

export const destinationTaken = (destPath: string): OutpostError =>
  new OutpostError(
    'conflict',
    `A file named ${path.basename(destPath)} already exists in ${path.dirname(destPath)}; move or rename it first`,
    { file: destPath },
  );

export const alreadyDownloading = (fileName: string, holder: DownloadRecord): OutpostError =>
  new OutpostError(
    'conflict',
    `${fileName} is already being downloaded (${holder.state}); resume or cancel that download`,
    { downloadId: holder.id, file: holder.destPath },
  );
