/**
 * The run queue: first in, first out, at most N runs at a time, and a run starts only when the machine rules
 * allow (battery, idle), its model is not streaming a foreground chat and fits the memory budget without
 * pushing out a model the user is using.
 */
import type { Logger } from '../ports';

/** What the queue asks before it starts a run; every answer is a reason to wait, or null to go. */
export interface QueueGates {
  /** A reason every run waits (on battery, the user is at the computer), else null. */
  machine(): Promise<string | null>;
  maxConcurrent(): number;
  /** The model the run will use, or null when that cannot be known yet (the run then fails with why). */
  modelFor(runId: string): string | null;
  /** A reason to wait while a foreground chat streams on this model, else null. */
  foreground(modelId: string): string | null;
  /** A reason to wait while the model would not fit without evicting a model in use, else null. */
  memory(modelId: string): Promise<string | null>;
}

export interface RunQueueDeps {
  gates: QueueGates;
  /** Starts the run; resolves when it has ended (its slot is free again). */
  start(runId: string): Promise<void>;
  /** The reason a queued run waits changed (shown in history as the run's reason). */
  waiting(runId: string, reason: string): void;
  logger: Logger;
  /** How often runs waiting for memory or the machine look again (nothing announces those changes). */
  retryMs?: number;
}

export class RunQueue {
  private readonly queued: string[] = [];
  private readonly active = new Set<string>();
  /** Runs parked on an approval: they keep running but give their slot to the next run. */
  private readonly parked = new Set<string>();
  private readonly reasons = new Map<string, string>();
  private pumping = false;
  private again = false;
  private retry: NodeJS.Timeout | null = null;
  private idleWaiters: { modelId: string; resolve: () => void }[] = [];
  private readonly foregroundWatchers = new Set<{ modelId: string; listener: () => void }>();
  private disposed = false;

  constructor(private readonly d: RunQueueDeps) {}

  enqueue(runId: string): void {
    if (this.queued.includes(runId) || this.active.has(runId)) return;
    this.queued.push(runId);
    this.poke();
  }

  /** Takes a run out before it started; false when it is not waiting here. */
  remove(runId: string): boolean {
    const at = this.queued.indexOf(runId);
    if (at < 0) return false;
    this.queued.splice(at, 1);
    this.reasons.delete(runId);
    return true;
  }

  isQueued(runId: string): boolean {
    return this.queued.includes(runId);
  }

  park(runId: string, parked: boolean): void {
    if (parked) this.parked.add(runId);
    else this.parked.delete(runId);
    this.poke();
  }

  /** Resolves once no foreground chat streams on the model (a running job yields between its rounds). */
  async untilForegroundIdle(modelId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && this.d.gates.foreground(modelId) !== null) {
      await new Promise<void>((resolve) => {
        const waiter = { modelId, resolve };
        this.idleWaiters.push(waiter);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  /** Calls `listener` whenever a foreground chat uses the model (a running background reply pauses for it). */
  onForeground(modelId: string, listener: () => void): () => void {
    const watcher = { modelId, listener };
    this.foregroundWatchers.add(watcher);
    if (this.d.gates.foreground(modelId) !== null) listener();
    return () => void this.foregroundWatchers.delete(watcher);
  }

  /** Something a gate depends on changed (a chat ended, a setting, a model unloaded, a run finished). */
  poke(): void {
    for (const watcher of [...this.foregroundWatchers])
      if (this.d.gates.foreground(watcher.modelId) !== null) watcher.listener();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.resolve();
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retry) clearTimeout(this.retry);
    this.queued.length = 0;
    for (const waiter of this.idleWaiters) waiter.resolve();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        await this.startWhatCan();
      } while (this.again && !this.disposed);
    } catch (error) {
      this.d.logger.error('job queue failed', { error: String(error) });
    } finally {
      this.pumping = false;
    }
  }

  private async startWhatCan(): Promise<void> {
    let recheck = false;
    const machine = this.queued.length > 0 ? await this.d.gates.machine() : null;
    if (machine) {
      for (const runId of this.queued) this.wait(runId, machine);
      recheck = true;
    }
    for (const runId of machine ? [] : [...this.queued]) {
      if (this.disposed) return;
      const limit = Math.max(1, this.d.gates.maxConcurrent());
      if (this.active.size - this.parked.size >= limit) {
        this.wait(runId, `Waiting: ${limit} background run${limit === 1 ? ' is' : 's are'} already running`);
        continue;
      }
      const modelId = this.d.gates.modelFor(runId);
      if (modelId !== null) {
        const foreground = this.d.gates.foreground(modelId);
        if (foreground) {
          this.wait(runId, foreground);
          continue;
        }
        const memory = await this.d.gates.memory(modelId);
        if (memory) {
          recheck = true;
          this.wait(runId, memory);
          continue;
        }
      }
      if (!this.remove(runId)) continue; // cancelled while the gates were asked
      this.active.add(runId);
      void this.d
        .start(runId)
        .catch((error: unknown) => this.d.logger.error('background run crashed', { runId, error: String(error) }))
        .finally(() => {
          this.active.delete(runId);
          this.parked.delete(runId);
          this.poke();
        });
    }
    if (recheck && !this.retry && !this.disposed) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.poke();
      }, this.d.retryMs ?? 5_000);
      this.retry.unref();
    }
  }

  private wait(runId: string, reason: string): void {
    if (this.reasons.get(runId) === reason) return;
    this.reasons.set(runId, reason);
    this.d.waiting(runId, reason);
  }
}
