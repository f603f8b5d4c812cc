/**
 * Keeps bases current while the app runs: one chokidar watcher per base over its sources; file events are
 * debounced per base into one incremental pass (scan → diff by size/mtime/hash), so a burst of saves, a
 * `git checkout` or a copied folder costs one pass. Start-up changes are found by the start-up rescan instead.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { KnowledgeBase, KnowledgeSource } from '../../../src-preload/contract/knowledge';
import type { Logger } from '../ports';
import { SKIPPED_FOLDERS } from './scanner';

export interface Debouncer {
  /** Runs `fn` after `ms` unless cancelled; with `now`, the watcher's only clock, so tests can drive it. */
  set(fn: () => void, ms: number): () => void;
  now(): number;
}

export const realTimers: Debouncer = {
  now: () => Date.now(),
  set(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export interface FolderWatcherOptions {
  /** Queues an incremental pass over the base (KnowledgeService.schedule). */
  schedule(baseId: string): void;
  logger: Logger;
  /** Quiet time after the last event before the pass starts. */
  debounceMs?: number;
  /** A steady stream of events still starts a pass this often. */
  maxWaitMs?: number;
  timers?: Debouncer;
  /** Every file event seen, after filtering (tests wait on it). */
  onEvent?: (baseId: string, event: string, file: string) => void;
}

interface Watched {
  key: string;
  watcher: FSWatcher;
  ready: Promise<void>;
  cancel: (() => void) | null;
  firstEventAt: number | null;
}

/** Hidden entries and dependency folders below a source root are not documents: never watched. */
export function ignoredBelow(roots: readonly string[]) {
  return (file: string): boolean => {
    const root = roots.find((r) => file === r || file.startsWith(r + path.sep));
    if (root === undefined || file === root) return false;
    return path
      .relative(root, file)
      .split(path.sep)
      .some((part) => part.startsWith('.') || SKIPPED_FOLDERS.has(part.toLowerCase()));
  };
}

const sourcesKey = (sources: readonly KnowledgeSource[]) => JSON.stringify(sources.map((s) => [s.kind, s.path]).sort());

export class FolderWatcher {
  private readonly watched = new Map<string, Watched>();
  /** Updates of one base run one after another, so a burst of changed events makes one watcher. */
  private readonly updates = new Map<string, Promise<void>>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly timers: Debouncer;
  private closed = false;

  constructor(private readonly o: FolderWatcherOptions) {
    this.debounceMs = o.debounceMs ?? 1_000;
    this.maxWaitMs = o.maxWaitMs ?? 10_000;
    this.timers = o.timers ?? realTimers;
  }

  /** Follows a base's current sources (call on every change); null (forgotten) stops its watcher. */
  update(baseId: string, base: KnowledgeBase | null): Promise<void> {
    const next = (this.updates.get(baseId) ?? Promise.resolve())
      .then(() => this.apply(baseId, base))
      .catch((error: unknown) =>
        this.o.logger.warn('knowledge folder watcher could not start', { baseId, error: String(error) }),
      );
    this.updates.set(baseId, next);
    void next.finally(() => {
      if (this.updates.get(baseId) === next) this.updates.delete(baseId);
    });
    return next;
  }

  private async apply(baseId: string, base: KnowledgeBase | null): Promise<void> {
    if (this.closed) return;
    const sources = base?.sources ?? [];
    const key = sourcesKey(sources);
    const current = this.watched.get(baseId);
    if (current?.key === key) return;
    if (current) await this.stop(baseId);
    if (sources.length === 0) return;
    const roots = sources.map((s) => s.path);
    const watcher = watch(roots, {
      ignoreInitial: true,
      // Links are never followed: a linked folder could lead out of the granted folder (the scan decides files).
      followSymlinks: false,
      ignorePermissionErrors: true,
      ignored: ignoredBelow(roots.filter((_, i) => sources[i]!.kind === 'folder')),
    });
    const entry: Watched = {
      key,
      watcher,
      ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
      cancel: null,
      firstEventAt: null,
    };
    watcher.on('all', (event, file) => {
      if (event === 'addDir') return; // its files arrive as their own events
      this.o.onEvent?.(baseId, event, file);
      this.bump(baseId, entry);
    });
    watcher.on('error', (error) =>
      this.o.logger.warn('knowledge folder watcher error', { baseId, error: String(error) }),
    );
    this.watched.set(baseId, entry);
  }

  /** Resolves once the base's watcher has listed its folders (events before that may be missed). */
  async ready(baseId: string): Promise<void> {
    await this.watched.get(baseId)?.ready;
  }

  watching(): string[] {
    return [...this.watched.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.updates.values());
    await Promise.all([...this.watched.keys()].map((id) => this.stop(id)));
  }

  private bump(baseId: string, entry: Watched): void {
    const now = this.timers.now();
    entry.firstEventAt ??= now;
    entry.cancel?.();
    // Trailing debounce, but a pass starts at the latest maxWait after the first unhandled event.
    const wait = Math.max(0, Math.min(this.debounceMs, entry.firstEventAt + this.maxWaitMs - now));
    entry.cancel = this.timers.set(() => {
      entry.cancel = null;
      entry.firstEventAt = null;
      if (this.watched.get(baseId) === entry) this.o.schedule(baseId);
    }, wait);
  }

  private async stop(baseId: string): Promise<void> {
    const entry = this.watched.get(baseId);
    if (!entry) return;
    this.watched.delete(baseId);
    entry.cancel?.();
    await entry.watcher.close();
  }
}
