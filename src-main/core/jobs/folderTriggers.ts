/**
 * Folder triggers: one chokidar watcher per enabled folder job. New, changed and renamed files are gathered
 * until the folder is quiet for the job's debounce, then start ONE run with the files' paths (a burst of a hundred
 * files is one run, not a hundred).
 */
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../ports';
import type { JobRecord } from './jobStore';

/** How many paths a run's message names; the rest are counted. */
export const MAX_LISTED_PATHS = 50;

interface Watched {
  key: string;
  watcher: FSWatcher;
  pending: Set<string>;
  timer: NodeJS.Timeout | null;
  ready: Promise<void>;
  isReady: boolean;
}

export interface FolderTriggerDeps {
  /** Starts a run of the job for these files (already debounced). */
  fire(jobId: string, paths: string[]): void;
  /** A job's watcher has read its folder: from now on new files make runs (the Jobs screen says "watching"). */
  watching?(jobId: string): void;
  logger: Logger;
}

export class FolderTriggers {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly d: FolderTriggerDeps) {}

  /** Watches exactly the enabled folder jobs (called whenever jobs change). */
  sync(jobs: readonly JobRecord[]): void {
    const wanted = new Map<string, JobRecord>();
    for (const job of jobs) if (job.enabled && job.trigger.kind === 'folder') wanted.set(job.id, job);
    for (const [jobId, entry] of this.watched) {
      const job = wanted.get(jobId);
      if (!job || keyOf(job) !== entry.key) this.stop(jobId);
    }
    for (const [jobId, job] of wanted) if (!this.watched.has(jobId)) this.start(job);
  }

  /** Resolves once every watcher has read its folder (tests write files only after this). */
  async ready(): Promise<void> {
    await Promise.all([...this.watched.values()].map((w) => w.ready));
  }

  /** Whether the job's watcher has read its folder (files written before that are not runs). */
  isWatching(jobId: string): boolean {
    return this.watched.get(jobId)?.isReady ?? false;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.watched.keys()].map((jobId) => this.stop(jobId)));
  }

  private start(job: JobRecord): void {
    if (job.trigger.kind !== 'folder') return;
    const debounceMs = job.trigger.debounceMs;
    const watcher = watch(job.trigger.path, { ignoreInitial: true, persistent: false });
    const ready = new Promise<void>((resolve) =>
      watcher.once('ready', () => {
        entry.isReady = true;
        if (this.watched.get(job.id) === entry) this.d.watching?.(job.id);
        resolve();
      }),
    );
    const entry: Watched = { key: keyOf(job), watcher, pending: new Set(), timer: null, ready, isReady: false };
    const seen = (file: string) => {
      entry.pending.add(file);
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = setTimeout(() => {
        entry.timer = null;
        const paths = [...entry.pending].sort();
        entry.pending.clear();
        this.d.fire(job.id, paths);
      }, debounceMs);
    };
    watcher.on('add', seen).on('change', seen);
    watcher.on('error', (error) =>
      this.d.logger.warn('job folder watcher failed', { jobId: job.id, error: String(error) }),
    );
    this.watched.set(job.id, entry);
  }

  private async stop(jobId: string): Promise<void> {
    const entry = this.watched.get(jobId);
    if (!entry) return;
    this.watched.delete(jobId);
    if (entry.timer) clearTimeout(entry.timer);
    await entry.watcher.close();
  }
}

function keyOf(job: JobRecord): string {
  return JSON.stringify(job.trigger);
}

/** The run's trigger text: the file, or the first MAX_LISTED_PATHS files and how many more. */
export function describePaths(paths: readonly string[]): string {
  const listed = paths.slice(0, MAX_LISTED_PATHS);
  const more = paths.length - listed.length;
  return [...listed, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n');
}
