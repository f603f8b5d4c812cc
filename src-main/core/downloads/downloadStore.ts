/** The in-memory downloads and their table: every change saved in a transaction, then told to the UI. */
import type { Database } from 'better-sqlite3';
import { OutpostError } from '@contract';
import type { Clock, Logger } from '../ports';
import { DownloadTable } from './downloadTable';
import { toDownload, type Download, type DownloadRecord } from './downloadTypes';

export type LiveStats = { bytesPerSecond: number | null; etaSeconds: number | null };

export interface DownloadStoreOptions {
  db: Database;
  dbFile: string;
  clock: Clock;
  logger: Logger;
  emit(download: Download): void;
  /** Speed and ETA of a running transfer, if any. */
  liveStats(record: DownloadRecord): LiveStats | null;
}

export class DownloadStore {
  private readonly table: DownloadTable;
  private readonly records = new Map<string, DownloadRecord>();
  private silenced = false;

  constructor(private readonly options: DownloadStoreOptions) {
    this.table = new DownloadTable(options.db, options.dbFile);
  }

  /** Rows not yet in memory, oldest first. */
  loadNew(): DownloadRecord[] {
    const fresh = this.table.all().filter((record) => !this.records.has(record.id));
    for (const record of fresh) this.records.set(record.id, record);
    return fresh;
  }

  /** Saves a new download; the table's unique index backs up the caller's destination check. */
  add(record: DownloadRecord): void {
    this.table.save(record);
    this.records.set(record.id, record);
    this.emit(record);
  }

  all(): DownloadRecord[] {
    return [...this.records.values()];
  }

  find(id: string): DownloadRecord | undefined {
    return this.records.get(id);
  }

  must(id: string): DownloadRecord {
    const record = this.records.get(id);
    if (!record) throw new OutpostError('not_found', `No download with id "${id}"`, { downloadId: id });
    return record;
  }

  /** Applies a change, saves it and (unless silent) tells the UI. */
  update(record: DownloadRecord, patch: Partial<DownloadRecord>, how: { silent?: boolean } = {}): void {
    Object.assign(record, patch, { updatedAt: this.now() });
    this.persist([record]);
    if (!how.silent) this.emit(record);
  }

  /** Saves in one transaction; a failing database is logged, the transfer itself carries on. */
  persist(records: readonly DownloadRecord[]): void {
    if (records.length === 0) return;
    try {
      this.table.saveAll(records);
    } catch (error) {
      this.options.logger.error('could not save download state', { error: String(error) });
    }
  }

  emit(record: DownloadRecord): void {
    if (this.silenced) return;
    try {
      this.options.emit(this.snapshot(record));
    } catch (error) {
      this.options.logger.warn('download event listener failed', { error: String(error) });
    }
  }

  /** No more events (the app is closing); saving continues. */
  silence(): void {
    this.silenced = true;
  }

  snapshot(record: DownloadRecord): Download {
    const live = this.options.liveStats(record);
    return live === null ? toDownload(record) : toDownload(record, live);
  }

  now(): number {
    return this.options.clock.now();
  }
}
