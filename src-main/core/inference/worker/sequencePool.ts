import { OutpostError } from '../../../../src-preload/contract/envelope';
import { chooseSequence } from './sequenceChoice';

interface Waiter<T> {
  resolve(item: T): void;
  reject(error: Error): void;
}

/** The prompt a request brings: its length and how many of its leading tokens an item already holds evaluated. */
export interface PromptAffinity<T> {
  promptTokens: number;
  sharedPrefix(item: T): number;
}

const NO_AFFINITY: PromptAffinity<unknown> = { promptTokens: 0, sharedPrefix: () => 0 };

/**
 * The free context sequences of one loaded model. A request takes one exclusively — the free one sharing the
 * longest prefix with its prompt, else the least recently used (sequenceChoice); when all are busy it waits in
 * FIFO order, bounded by a timeout and its AbortSignal, so a burst never starves early callers.
 */
export class SequencePool<T> {
  private readonly free: T[];
  private readonly lastUsed = new Map<T, number>();
  private useCounter = 0;
  private readonly waiters: Waiter<T>[] = [];
  private closedWith: Error | null = null;

  constructor(
    items: readonly T[],
    private readonly waitTimeoutMs: number,
  ) {
    this.free = [...items];
    this.size = items.length;
  }

  readonly size: number;

  get busy(): number {
    return this.size - this.free.length;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(signal: AbortSignal, affinity: PromptAffinity<T> = NO_AFFINITY): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (signal.aborted) return Promise.reject(new OutpostError('aborted', 'Cancelled before a sequence was free'));
    if (this.free.length > 0 && this.waiters.length === 0) return Promise.resolve(this.takeBest(affinity));

    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
      };
      const waiter: Waiter<T> = {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const onAbort = () => waiter.reject(new OutpostError('aborted', 'Cancelled while waiting for a free sequence'));
      const timer = setTimeout(() => {
        const seconds = Math.round(this.waitTimeoutMs / 1000);
        waiter.reject(new OutpostError('busy', `All ${this.size} sequences of the model stayed busy for ${seconds} s`));
      }, this.waitTimeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** A free item now, or null when none is free or someone waits (background work never queues). */
  tryAcquire(affinity: PromptAffinity<T> = NO_AFFINITY): T | null {
    if (this.closedWith || this.free.length === 0 || this.waiters.length > 0) return null;
    return this.takeBest(affinity);
  }

  private takeBest(affinity: PromptAffinity<T>): T {
    const candidates = this.free.map((item) => ({
      item,
      sharedPrefix: affinity.sharedPrefix(item),
      lastUsed: this.lastUsed.get(item) ?? 0,
    }));
    const chosen = chooseSequence(candidates, affinity.promptTokens);
    if (!chosen) throw new Error('takeBest called with no free item');
    this.free.splice(this.free.indexOf(chosen.item), 1);
    return chosen.item;
  }

  release(item: T): void {
    this.lastUsed.set(item, ++this.useCounter);
    const next = this.waiters[0];
    if (next && !this.closedWith) next.resolve(item);
    else this.free.push(item);
  }

  /** Rejects every waiter and all later acquires (the model is being unloaded). */
  close(reason: Error): void {
    this.closedWith = reason;
    for (const waiter of [...this.waiters]) waiter.reject(reason);
  }
}
