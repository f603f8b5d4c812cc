/** A download manager over a real temp database and folder, with recorded events and finalize calls. */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../storage/openDatabase';
import { migrations } from '../../storage/schema';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import { DownloadManager } from '../downloadManager';
import type { Download, DownloadManagerOptions, DownloadState } from '../downloadTypes';

export interface FinalizeCall {
  download: Download;
  verifiedPath: string;
}

export class DownloadHarness {
  readonly dir = makeTempDir('outpost-downloads-');
  readonly modelsDir = path.join(this.dir, 'models');
  readonly partialDir = path.join(this.modelsDir, '.downloads');
  readonly dbFile = path.join(this.dir, 'outpost.db');
  readonly logger = createMemoryLogger();
  readonly events: Download[] = [];
  readonly finalized: FinalizeCall[] = [];
  readonly db: Database;
  manager: DownloadManager;
  private listeners = new Set<(download: Download) => void>();

  constructor(private readonly defaults: Partial<DownloadManagerOptions> = {}) {
    this.db = openDatabase(this.dbFile, migrations, this.logger).db;
    this.manager = this.createManager();
  }

  /** A fresh manager over the same database and folders (what the next app start would build). */
  createManager(overrides: Partial<DownloadManagerOptions> = {}): DownloadManager {
    this.manager = new DownloadManager({
      db: this.db,
      dbFile: this.dbFile,
      partialDir: this.partialDir,
      logger: this.logger,
      clock: { now: () => Date.now() },
      emit: (download) => {
        this.events.push(download);
        for (const listener of this.listeners) listener(download);
      },
      fetchImpl: fetch,
      maxConcurrent: () => 2,
      authHeaderFor: () => null,
      finalize: async (download, verifiedPath) => {
        this.finalized.push({ download, verifiedPath });
        return { installedModelId: `model-${download.fileName}` };
      },
      freeBytes: async () => 1e12,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      ...this.defaults,
      ...overrides,
    });
    return this.manager;
  }

  dest(fileName: string): string {
    return path.join(this.modelsDir, fileName);
  }

  partialOf(id: string): string {
    return path.join(this.partialDir, `${id}.part`);
  }

  eventsFor(id: string): Download[] {
    return this.events.filter((event) => event.id === id);
  }

  /** Calls `listener` synchronously on every event from now on; returns the unsubscribe function. */
  onEvent(listener: (download: Download) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the download once it is in one of `states` (checked now, then on every event). */
  waitFor(id: string, states: DownloadState[], timeoutMs = 15_000): Promise<Download> {
    const current = this.manager.get(id);
    if (states.includes(current.state)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`download ${id} did not reach ${states.join('|')}; it is ${this.manager.get(id).state}`));
      }, timeoutMs);
      const listener = (download: Download) => {
        if (download.id !== id || !states.includes(download.state)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(download);
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves once `id` has received at least `bytes` (from progress events). */
  waitForBytes(id: string, bytes: number, timeoutMs = 15_000): Promise<Download> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`download ${id} did not reach ${bytes} bytes`)), timeoutMs);
      const listener = (download: Download) => {
        if (download.id !== id || download.receivedBytes < bytes) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(download);
      };
      this.listeners.add(listener);
    });
  }

  async close(): Promise<void> {
    await this.manager.dispose();
    this.db.close();
  }
}
