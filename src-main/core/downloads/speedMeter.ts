/** Download speed as an exponentially weighted moving average over about `windowMs`, and the ETA it implies. */

const DEFAULT_WINDOW_MS = 5_000;
/** Shorter gaps are folded into the next sample: a burst of chunks in 3 ms says nothing about speed. */
const MIN_SAMPLE_MS = 200;

export class SpeedMeter {
  private lastBytes: number | null = null;
  private lastAt = 0;
  private rate: number | null = null;

  constructor(private readonly windowMs = DEFAULT_WINDOW_MS) {}

  /** Records that `totalBytes` have arrived by `nowMs`. A drop in bytes (a restart from 0) resets the meter. */
  sample(totalBytes: number, nowMs: number): void {
    if (this.lastBytes === null || totalBytes < this.lastBytes || nowMs < this.lastAt) {
      if (this.lastBytes !== null && totalBytes < this.lastBytes) this.rate = null;
      this.lastBytes = totalBytes;
      this.lastAt = nowMs;
      return;
    }
    const elapsed = nowMs - this.lastAt;
    if (elapsed < MIN_SAMPLE_MS) return;
    const instant = ((totalBytes - this.lastBytes) * 1000) / elapsed;
    const weight = 1 - Math.exp(-elapsed / this.windowMs);
    this.rate = this.rate === null ? instant : this.rate + weight * (instant - this.rate);
    this.lastBytes = totalBytes;
    this.lastAt = nowMs;
  }

  /** Smoothed bytes per second, or null before the first full sample. */
  bytesPerSecond(): number | null {
    return this.rate === null ? null : Math.max(0, this.rate);
  }

  /** Whole seconds left at the current speed, or null when speed or size is unknown. */
  etaSeconds(receivedBytes: number, totalBytes: number | null): number | null {
    const rate = this.bytesPerSecond();
    if (rate === null || rate <= 0 || totalBytes === null) return null;
    return Math.ceil(Math.max(0, totalBytes - receivedBytes) / rate);
  }

  reset(): void {
    this.lastBytes = null;
    this.rate = null;
  }
}
