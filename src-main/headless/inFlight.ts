/** Counts responses still being written, so start-up work can wait until the page's files went out. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /** Counts one response until its end callback runs; call that once, when it finished or closed. */
  begin(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  get size(): number {
    return this.count;
  }

  /** Resolves once no response is in flight (at once when none is). */
  settled(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
