/**
 * Model downloads users can trust: a FIFO queue with bounded concurrency, resumable transfers whose
 * SHA-256 is computed while streaming, state that survives a restart, and typed, actionable errors.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { OutpostError } from '@contract';
import { CatalogFile as CatalogFileSchema } from '../../../src-preload/contract/catalog';
import { statfsFreeBytes } from './diskSpace';
import {
  alreadyDownloading,
  destinationTaken,
  DownloadFailure,
  INTERRUPTED_ERROR,
  toDownloadFailure,
} from './downloadErrors';
import { partialPathFor, runDownloadJob, type JobEnvironment, type JobReporter, type JobResult } from './downloadJob';
import { DownloadStore } from './downloadStore';
import {
  DEFAULT_RETRY,
  INTERRUPTIBLE_STATES,
  newDownloadRecord,
  OPEN_STATES,
  type Download,
  type DownloadManagerOptions,
  type DownloadRecord,
  type StartDownloadRequest,
} from './downloadTypes';
import { openPartialHandle } from './hashResume';
import { ProgressThrottle } from './progressThrottle';
import { restoreDownloads } from './restoreDownloads';

type StopReason = 'pause' | 'cancel' | 'dispose';

interface RunningJob {
  controller: AbortController;
  stopReason: StopReason | null;
  throttle: ProgressThrottle;
  settled: Promise<void>;
}

const DEFAULT_STALL_TIMEOUT_MS = 60_000;

export class DownloadManager {
  private readonly store: DownloadStore;
  private readonly env: JobEnvironment;
  private readonly queue: string[] = [];
  private readonly running = new Map<string, RunningJob>();
  private disposed = false;

  constructor(private readonly options: DownloadManagerOptions) {
    this.store = new DownloadStore({
      ...options,
      liveStats: (record) => {
        const job = record.state === 'downloading' ? this.running.get(record.id) : undefined;
        return job ? job.throttle.live(record.receivedBytes, record.totalBytes ?? record.file.sizeBytes) : null;
      },
    });
    this.env = {
      partialDir: options.partialDir,
      fetchImpl: options.fetchImpl,
      authHeaderFor: options.authHeaderFor,
      freeBytes: options.freeBytes ?? statfsFreeBytes,
      openPartial: options.openPartial ?? openPartialHandle,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
      logger: options.logger,
    };
  }

  /** On app start: loads every download; ones that were transferring come back paused, partials intact. */
  async restore(): Promise<Download[]> {
    await restoreDownloads(this.store, this.options.partialDir, this.options.logger);
    return this.list();
  }

  /** Queues a download; throws `conflict` when its destination is taken or already being downloaded. */
  start(request: StartDownloadRequest): Download {
    this.assertOpen();
    const parsed = CatalogFileSchema.safeParse(request.file);
    if (!parsed.success) {
      throw new OutpostError('bad_request', `Invalid download description: ${parsed.error.message}`);
    }
    if (request.check !== 'gguf' && request.check !== 'none') {
      throw new OutpostError('bad_request', `Unknown download check "${String(request.check)}"`);
    }
    const destPath = path.resolve(request.destPath);
    const holder = this.store.all().find((r) => r.destPath === destPath && OPEN_STATES.has(r.state));
    if (holder) throw alreadyDownloading(parsed.data.fileName, holder);
    if (existsSync(destPath)) throw destinationTaken(destPath);
    const record = newDownloadRecord(randomUUID(), { ...request, destPath }, parsed.data, this.store.now());
    this.store.add(record);
    this.queue.push(record.id);
    this.pump();
    return this.store.snapshot(record);
  }

  /** Stops a transfer and keeps its partial file; resolves once the file is closed. */
  async pause(id: string): Promise<Download> {
    const record = this.store.must(id);
    const job = this.running.get(id);
    if (job) {
      job.stopReason ??= 'pause';
      job.controller.abort('pause');
      await job.settled;
    } else if (record.state === 'queued') {
      this.dequeue(id);
      this.store.update(record, { state: 'paused', error: null });
    }
    return this.store.snapshot(record);
  }

  /** Continues a paused download, or retries a failed one from the bytes it kept. */
  resume(id: string): Download {
    this.assertOpen();
    const record = this.store.must(id);
    const name = record.file.fileName;
    if (record.state === 'done') {
      throw new OutpostError('conflict', `${name} has already been downloaded`, { downloadId: id });
    }
    if (record.state === 'cancelled') {
      throw new OutpostError('bad_request', `The download of ${name} was cancelled; start it again`, {
        downloadId: id,
      });
    }
    if (record.state !== 'paused' && record.state !== 'failed') return this.store.snapshot(record);
    if (existsSync(record.destPath)) throw destinationTaken(record.destPath);
    // After a failure, go through the mirrors from the first again; a pause continues where it was.
    const fromFirstMirror = record.state === 'failed' && record.urlIndex !== 0;
    this.store.update(record, {
      state: 'queued',
      error: null,
      ...(fromFirstMirror ? { urlIndex: 0, etag: null, lastModified: null } : {}),
    });
    this.queue.push(id);
    this.pump();
    return this.store.snapshot(record);
  }

  /** Stops the download and deletes its partial file. */
  async cancel(id: string): Promise<Download> {
    const record = this.store.must(id);
    if (record.state === 'done') {
      throw new OutpostError('conflict', `${record.file.fileName} has finished downloading; remove the model instead`, {
        downloadId: id,
      });
    }
    const job = this.running.get(id);
    if (job) {
      job.stopReason = 'cancel';
      job.controller.abort('cancel');
      await job.settled;
    } else if (record.state !== 'cancelled') {
      this.dequeue(id);
      this.store.update(record, { state: 'cancelled', receivedBytes: 0, error: null });
      await this.removePartial(record);
    }
    return this.store.snapshot(record);
  }

  list(): Download[] {
    return this.store.all().map((record) => this.store.snapshot(record));
  }

  get(id: string): Download {
    return this.store.snapshot(this.store.must(id));
  }

  /** Aborts transfers (keeping partials) and saves them as interrupted; no events afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.store.silence();
    this.queue.length = 0;
    const jobs = [...this.running.values()];
    for (const job of jobs) {
      job.stopReason = 'dispose';
      job.controller.abort('dispose');
    }
    await Promise.allSettled(jobs.map((job) => job.settled));
    const interrupted = this.store.all().filter((record) => INTERRUPTIBLE_STATES.has(record.state));
    for (const record of interrupted) {
      Object.assign(record, { state: 'paused', error: INTERRUPTED_ERROR, updatedAt: this.store.now() });
    }
    this.store.persist(interrupted);
  }

  private pump(): void {
    const limit = Math.max(1, Math.floor(this.options.maxConcurrent()));
    while (!this.disposed && this.running.size < limit && this.queue.length > 0) {
      const record = this.store.find(this.queue.shift() ?? '');
      if (record?.state === 'queued') this.launch(record);
    }
  }

  private launch(record: DownloadRecord): void {
    const job: RunningJob = {
      controller: new AbortController(),
      stopReason: null,
      throttle: new ProgressThrottle(),
      settled: Promise.resolve(),
    };
    this.running.set(record.id, job);
    this.store.update(record, { state: 'downloading', error: null });
    job.settled = this.run(record, job);
  }

  private async run(record: DownloadRecord, job: RunningJob): Promise<void> {
    try {
      const snapshot = structuredClone(record);
      const result = await runDownloadJob(snapshot, this.env, this.reporter(record, job), job.controller.signal);
      await this.finish(record, result);
    } catch (error) {
      await this.settle(record, job, error);
    } finally {
      // A listener may already have resumed this download (a new job) from the final event.
      if (this.running.get(record.id) === job) this.running.delete(record.id);
      this.pump();
    }
  }

  private reporter(record: DownloadRecord, job: RunningJob): JobReporter {
    return {
      bytes: (receivedBytes) => {
        const now = this.store.now();
        Object.assign(record, { receivedBytes, updatedAt: now });
        const due = job.throttle.sample(receivedBytes, now);
        if (due.persist) this.store.persist([record]);
        if (due.emit && job.stopReason === null) this.store.emit(record);
      },
      source: (source) => this.store.update(record, source, { silent: true }),
      verifying: (receivedBytes) => this.store.update(record, { state: 'verifying', receivedBytes }),
      verified: (sha256, verifiedBy) => this.store.update(record, { sha256, verifiedBy }, { silent: true }),
      reservedBytesOfOthers: () =>
        this.store
          .all()
          .filter((other) => other.id !== record.id && this.running.has(other.id))
          .reduce((sum, other) => sum + remainingBytes(other), 0),
    };
  }

  private async finish(record: DownloadRecord, result: JobResult): Promise<void> {
    const size = result.receivedBytes;
    this.store.update(record, { receivedBytes: size, totalBytes: size }, { silent: true });
    try {
      const { installedModelId } = await this.options.finalize(this.store.snapshot(record), record.destPath);
      this.store.update(record, { state: 'done', installedModelId, error: null });
    } catch (error) {
      const failure = toDownloadFailure(error);
      this.options.logger.error('downloaded model could not be added', { id: record.id, error: failure.message });
      const message =
        `${record.file.fileName} was downloaded and verified to ${record.destPath}, ` +
        `but adding it to your models failed: ${failure.message}`;
      this.store.update(record, { state: 'failed', error: { code: failure.code, message } });
    }
  }

  private async settle(record: DownloadRecord, job: RunningJob, error: unknown): Promise<void> {
    const provenBad = error instanceof DownloadFailure && !error.keepPartial;
    if (job.controller.signal.aborted && !provenBad) {
      if (job.stopReason === 'pause') this.store.update(record, { state: 'paused', error: null });
      if (job.stopReason === 'cancel') {
        this.store.update(record, { state: 'cancelled', receivedBytes: 0, error: null });
        await this.removePartial(record);
      }
      return; // 'dispose' saves everything at once
    }
    const failure = toDownloadFailure(error);
    this.options.logger.warn('download failed', { id: record.id, code: failure.code, error: failure.message });
    if (!failure.keepPartial) {
      await this.removePartial(record);
      Object.assign(record, { receivedBytes: 0, etag: null, lastModified: null });
    }
    this.store.update(record, { state: 'failed', error: failure.toError() });
  }

  private async removePartial(record: DownloadRecord): Promise<void> {
    const file = partialPathFor(this.options.partialDir, record.id);
    await rm(file, { force: true }).catch((error: unknown) => {
      this.options.logger.warn('could not delete a partial download', { file, error: String(error) });
    });
  }

  private dequeue(id: string): void {
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private assertOpen(): void {
    if (this.disposed) throw new OutpostError('unavailable', 'Downloads are shutting down');
  }
}

const remainingBytes = (record: DownloadRecord): number =>
  Math.max(0, (record.totalBytes ?? record.file.sizeBytes) - record.receivedBytes);
