import { OutpostError } from '../../../../src-preload/contract/envelope';

interface Waiter<T> {
  resolve(item: T): void;
  reject(error: Error): void;
}

/**
 * The free context sequences of one loaded model. A request takes one exclusively; when all are busy it
 * waits in FIFO order, bounded by a timeout and its AbortSignal, so a burst never starves early callers.
 */
export class SequencePool<T> {
  private readonly free: T[];
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

  acquire(signal: AbortSignal): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (signal.aborted) return Promise.reject(new OutpostError('aborted', 'Cancelled before a sequence was free'));
    const item = this.free.shift();
    if (item !== undefined && this.waiters.length === 0) return Promise.resolve(item);
    if (item !== undefined) this.free.unshift(item);

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

  release(item: T): void {
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
