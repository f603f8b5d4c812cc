/** Shorter spans than this (one or two deltas) say little about speed: use the whole interval. */
const MIN_SPAN_MS = 250;

/**
 * Counts streamed tokens (fed by the lifecycle's onTokens listener), so the sampler can report tokens/s
 * without asking the worker. `take()` returns the rate since the previous call.
 */
export class TokenMeter {
  private tokens = 0;
  private lastTakeAt: number;
  private lastTokenAt = Number.NEGATIVE_INFINITY;
  private burstStartAt = Number.NEGATIVE_INFINITY;
  private burstListener: (() => void) | null = null;

  constructor(private readonly now: () => number) {
    this.lastTakeAt = now();
  }

  add(tokens: number): void {
    if (!Number.isFinite(tokens) || tokens <= 0) return;
    this.tokens += tokens;
    const now = this.now();
    const wasIdle = !this.streamingAt(now);
    this.lastTokenAt = now;
    if (wasIdle) {
      this.burstStartAt = now;
      this.burstListener?.();
    }
  }

  /** Called when tokens start flowing after a quiet spell (the monitor then samples faster). */
  onBurst(listener: () => void): void {
    this.burstListener = listener;
  }

  /** True while tokens arrived in the last two seconds. */
  streaming(): boolean {
    return this.streamingAt(this.now());
  }

  private streamingAt(now: number): boolean {
    return now - this.lastTokenAt < 2_000;
  }

  /**
   * Tokens per second since the last take; null when none streamed. Measured over the time tokens
   * actually flowed, so a short reply inside a 10 s interval is not diluted to a tenth of its speed.
   */
  take(): number | null {
    const now = this.now();
    const start = Math.max(this.lastTakeAt, this.burstStartAt);
    const flowing = this.lastTokenAt - start;
    const elapsedMs = flowing >= MIN_SPAN_MS ? flowing : now - this.lastTakeAt;
    const tokens = this.tokens;
    this.tokens = 0;
    this.lastTakeAt = now;
    if (tokens === 0 || elapsedMs <= 0) return null;
    return (tokens * 1000) / elapsedMs;
  }
}
