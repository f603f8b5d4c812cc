/**
 * The start-up timing log: how long each step took (ms since the previous mark), logged as one line when the
 * first screen can be served and one when the deferred work is done, so a slow start names its step.
 */
export class StartupTimings {
  private last: number;
  private readonly steps: Record<string, number> = {};

  /** `origin` 0 with performance.now measures the first step from process start (module loading). */
  constructor(
    private readonly now: () => number = () => performance.now(),
    origin: number = now(),
  ) {
    this.last = origin;
  }

  /** Closes the step that ran since the previous mark. */
  mark(step: string): void {
    const at = this.now();
    this.steps[step] = Math.round((this.steps[step] ?? 0) + at - this.last);
    this.last = at;
  }

  /** Times one piece of work started apart from the sequence (deferred or in the background), by its own clock. */
  async time<T>(step: string, work: () => Promise<T> | T): Promise<T> {
    const started = this.now();
    try {
      return await work();
    } finally {
      this.steps[step] = Math.round(this.now() - started);
    }
  }

  /** Every step so far, plus the total since the origin. */
  fields(): Record<string, number> {
    return { ...this.steps };
  }
}
