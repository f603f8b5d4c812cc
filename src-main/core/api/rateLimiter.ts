/** Token bucket per caller: `perMinute` requests a minute, bursts up to the same number. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: () => number,
    private readonly now: () => number,
    private readonly maxCallers = 10_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(caller: string): number {
    const capacity = Math.max(1, this.perMinute());
    const perMs = capacity / 60_000;
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.remember(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  private remember(caller: string, bucket: { tokens: number; at: number }): void {
    // Bounded memory even if many addresses fail auth: drop the oldest entry.
    if (!this.buckets.has(caller) && this.buckets.size >= this.maxCallers) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(caller, bucket);
  }
}
