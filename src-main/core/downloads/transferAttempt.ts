/** One GET of one mirror, appended to the partial file as it streams; every way it can end is typed. */
import { DownloadFailure, httpFailure, networkFailure, stallFailure, writeFailure } from './downloadErrors';
import type { HashedPartialFile } from './hashResume';
import { interpretRangeResponse, rangeRequestHeaders, validatorFrom, type ResumeValidator } from './httpRange';
import { fetchFollowingRedirects } from './redirects';

export interface AttemptRequest {
  url: string;
  fileName: string;
  partial: HashedPartialFile;
  partialPath: string;
  validator: ResumeValidator;
  /** Length an earlier answer reported for this file, if any. */
  knownTotal: number | null;
  /** The catalog's size, when it is exact. */
  exactSize: number | null;
  /** More than this is not the file we want (a server streaming without end). */
  maxBytes: number;
  fetchImpl: typeof fetch;
  authHeaderFor: (url: string) => string | null;
  signal: AbortSignal;
  stallTimeoutMs: number;
  /** A response is about to be written: its validator and the full length it reports. */
  onResponse(validator: ResumeValidator, totalBytes: number | null): void;
  onBytes(receivedBytes: number): void;
}

/** 'complete': the partial holds the whole file. 'start-over': the partial was emptied; ask again. */
export type AttemptOutcome = 'complete' | 'start-over';

export async function attemptTransfer(request: AttemptRequest): Promise<AttemptOutcome> {
  const stall = new StallWatch(request.stallTimeoutMs);
  const signal = AbortSignal.any([request.signal, stall.signal]);
  try {
    return await fetchAndWrite(request, signal, stall);
  } catch (error) {
    if (request.signal.aborted) throw error;
    if (stall.fired) throw stallFailure(request.url, request.stallTimeoutMs);
    if (error instanceof DownloadFailure) throw error;
    throw networkFailure(error, request.url, true);
  } finally {
    stall.stop();
  }
}

async function fetchAndWrite(request: AttemptRequest, signal: AbortSignal, stall: StallWatch): Promise<AttemptOutcome> {
  const { partial } = request;
  const offset = partial.size;
  const { response, url, sentAuth } = await fetchFollowingRedirects(request.url, {
    fetchImpl: request.fetchImpl,
    headers: rangeRequestHeaders(offset, request.validator),
    authHeaderFor: request.authHeaderFor,
    signal,
  });
  const answer = interpretRangeResponse(response.status, response.headers, offset, request.knownTotal);
  if (answer.kind !== 'append' && answer.kind !== 'whole-file') {
    await response.body?.cancel().catch(() => undefined);
    if (answer.kind === 'http-error') throw httpFailure(answer.status, url, request.fileName, sentAuth);
    if (answer.kind === 'already-complete') {
      request.onResponse(request.validator, answer.total);
      return 'complete';
    }
    await partial.restart();
    return 'start-over';
  }
  if (request.exactSize !== null && answer.total !== null && answer.total !== request.exactSize) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadFailure(
      'invalid_model',
      `${url} serves ${request.fileName} as ${answer.total} bytes, but the catalog says ${request.exactSize}; ` +
        'it is not the file the catalog describes',
      { details: { url, serverBytes: answer.total, catalogBytes: request.exactSize } },
    );
  }
  if (answer.kind === 'whole-file' && offset > 0) await partial.restart(); // Range ignored or file changed
  request.onResponse(validatorFrom(response.headers), answer.total);
  if (response.body === null) throw new DownloadFailure('unavailable', `${url} answered without a body`);
  await writeBody(request, response.body, stall);
  if (answer.total !== null && partial.size < answer.total) {
    throw networkFailure(new Error('body ended early'), request.url, true);
  }
  return 'complete';
}

/** Reads the body chunk by chunk; awaiting each write is the backpressure. */
async function writeBody(request: AttemptRequest, body: ReadableStream<Uint8Array>, stall: StallWatch): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      stall.touch();
      try {
        await request.partial.append(value);
      } catch (error) {
        throw writeFailure(error, request.partialPath, request.fileName, request.partial.size);
      }
      request.onBytes(request.partial.size);
      if (request.partial.size > request.maxBytes) throw oversized(request);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function oversized(request: AttemptRequest): DownloadFailure {
  return new DownloadFailure(
    'invalid_model',
    `${request.url} sent more than ${request.maxBytes} bytes for ${request.fileName}; it is not the file the catalog describes`,
    { keepPartial: false, details: { url: request.url, maxBytes: request.maxBytes } },
  );
}

/** Aborts its signal when no byte has arrived for `timeoutMs` (a server that hangs mid-body). */
class StallWatch {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private lastActivity = performance.now();
  fired = false;

  constructor(private readonly timeoutMs: number) {
    this.timer = setInterval(() => this.check(), Math.max(10, Math.min(1_000, timeoutMs / 4)));
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    this.lastActivity = performance.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    if (performance.now() - this.lastActivity < this.timeoutMs) return;
    this.fired = true;
    this.stop();
    this.controller.abort(new Error('stalled'));
  }
}
