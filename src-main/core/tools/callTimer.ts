/**
 * A tool call's idle timeout: it restarts whenever the tool reports progress and is paused while a card waits
 * for the user (a form, a sampling approval), within a hard cap on the call's whole run time.
 */
export class CallTimer {
  private timer: NodeJS.Timeout | null = null;
  private paused = 0;
  private readonly hardStop: NodeJS.Timeout;
  private done = false;

  constructor(
    private readonly idleMs: number,
    maxTotalMs: number,
    private readonly onExpire: (reason: 'idle' | 'total') => void,
  ) {
    this.hardStop = setTimeout(() => this.expire('total'), maxTotalMs);
    this.arm();
  }

  /** The tool showed signs of life: a fresh idle window. */
  touch(): void {
    if (this.paused === 0) this.arm();
  }

  /** Waits for the user without counting that time; the returned function resumes it (once). */
  pause(): () => void {
    this.paused += 1;
    this.clearIdle();
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      this.paused -= 1;
      if (this.paused === 0) this.arm();
    };
  }

  stop(): void {
    this.done = true;
    this.clearIdle();
    clearTimeout(this.hardStop);
  }

  private arm(): void {
    if (this.done) return;
    this.clearIdle();
    this.timer = setTimeout(() => this.expire('idle'), this.idleMs);
  }

  private clearIdle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private expire(reason: 'idle' | 'total'): void {
    if (this.done) return;
    this.stop();
    this.onExpire(reason);
  }
}
