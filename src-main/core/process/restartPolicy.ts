/** When to bring a crashed worker back: exponential backoff, and a give-up after a burst of crashes. */
export interface RestartPolicyOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** More crashes than this inside `windowMs` → stop restarting until the next call. */
  maxCrashesPerWindow: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxCrashesPerWindow: 4,
  windowMs: 60_000,
};

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** Records a crash at `now`; returns the delay before restarting, or null to give up. */
  onCrash(now: number): number | null {
    this.crashes = this.crashes.filter((at) => now - at < this.options.windowMs);
    this.crashes.push(now);
    if (this.crashes.length > this.options.maxCrashesPerWindow) return null;
    const delay = this.options.initialDelayMs * 2 ** (this.crashes.length - 1);
    return Math.min(delay, this.options.maxDelayMs);
  }

  /** A caller asked for the worker again after we gave up: start with a clean slate. */
  reset(): void {
    this.crashes = [];
  }
}
