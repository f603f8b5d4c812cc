/**
 * Live health of one node: recent outcomes (latency, errors, tokens/s), in-flight count, and a circuit breaker.
 * After `threshold` consecutive failures the breaker opens; after a backoff (doubling to a cap) one request
 * may go through as a probe (half-open): success closes it, failure opens it again for longer.
 */
import type { NodeHealth } from '@contract';

export interface BreakerOptions {
  threshold: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How many recent outcomes latency and error rate are computed over. */
  window: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 3, baseBackoffMs: 2_000, maxBackoffMs: 60_000, window: 50 };

interface Outcome {
  ok: boolean;
  latencyMs: number | null;
  tokensPerSecond: number | null;
}

export class NodeHealthTracker {
  private readonly recent: Outcome[] = [];
  private requests = 0;
  private errors = 0;
  private promptTokens = 0;
  private completionTokens = 0;
  private inFlight = 0;
  private consecutiveFailures = 0;
  private openings = 0;
  private breaker: NodeHealth['breaker'] = 'closed';
  private retryAt: number | null = null;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private lastOkAt: number | null = null;
  private lastCheckAt: number | null = null;
  private lastCheckOk: boolean | null = null;

  constructor(
    private readonly now: () => number,
    private readonly options: BreakerOptions = DEFAULT_BREAKER,
  ) {}

  /** May a request go to this node now? An open breaker past its backoff lets exactly one probe through. */
  admit(): boolean {
    if (this.breaker === 'closed') return true;
    if (this.breaker === 'half-open') return false;
    if (this.retryAt !== null && this.now() >= this.retryAt) {
      this.breaker = 'half-open';
      return true;
    }
    return false;
  }

  /** Would `admit()` say yes (without taking the probe slot)? For ranking pool members. */
  available(): boolean {
    if (this.breaker === 'closed') return true;
    return this.breaker === 'open' && this.retryAt !== null && this.now() >= this.retryAt;
  }

  get busy(): number {
    return this.inFlight;
  }

  started(): void {
    this.inFlight += 1;
  }

  /** A reply finished; `tokens` is its usage (prompt read, completion written) for the per-node totals. */
  succeeded(
    latencyMs: number | null,
    tokensPerSecond: number | null,
    tokens: { prompt: number; completion: number } = { prompt: 0, completion: 0 },
  ): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.promptTokens += tokens.prompt;
    this.completionTokens += tokens.completion;
    this.push({ ok: true, latencyMs, tokensPerSecond });
    this.lastOkAt = this.now();
    this.consecutiveFailures = 0;
    this.openings = 0;
    this.breaker = 'closed';
    this.retryAt = null;
  }

  failed(message: string, latencyMs: number | null = null): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.push({ ok: false, latencyMs, tokensPerSecond: null });
    this.errors += 1;
    this.lastError = message;
    this.lastErrorAt = this.now();
    this.consecutiveFailures += 1;
    if (this.breaker === 'half-open' || this.consecutiveFailures >= this.options.threshold) this.open();
  }

  /**
   * A periodic health check reached the node: it is back in rotation at once (no waiting out the backoff).
   * Checks feed latency and error rate but are not counted as requests.
   */
  checkSucceeded(latencyMs: number): void {
    this.lastCheckAt = this.lastOkAt = this.now();
    this.lastCheckOk = true;
    this.push({ ok: true, latencyMs, tokensPerSecond: null }, false);
    this.consecutiveFailures = 0;
    this.openings = 0;
    if (this.breaker === 'open') {
      this.breaker = 'closed';
      this.retryAt = null;
    }
  }

  /**
   * A check failed. `down`: the node could not be reached (a dedicated probe failing is decisive, so the breaker
   * opens now); otherwise it answered but refused (a wrong key): shown, but it stays in rotation.
   */
  checkFailed(message: string, down: boolean): void {
    this.lastCheckAt = this.lastErrorAt = this.now();
    this.lastCheckOk = false;
    this.lastError = message;
    if (!down) return;
    this.push({ ok: false, latencyMs: null, tokensPerSecond: null }, false);
    this.consecutiveFailures += 1;
    if (this.breaker === 'closed') this.open();
  }

  /** A request that ended without saying anything about the node (the user stopped it). */
  released(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.breaker === 'half-open') this.breaker = 'open';
  }

  snapshot(): NodeHealth {
    const latencies = this.recent.flatMap((o) => (o.ok && o.latencyMs !== null ? [o.latencyMs] : []));
    const speeds = this.recent.flatMap((o) => (o.tokensPerSecond !== null ? [o.tokensPerSecond] : []));
    const failures = this.recent.filter((o) => !o.ok).length;
    const errorRate = this.recent.length > 0 ? failures / this.recent.length : 0;
    return {
      state: this.state(errorRate),
      breaker: this.breaker,
      latencyMs: median(latencies),
      errorRate,
      requests: this.requests,
      errors: this.errors,
      inFlight: this.inFlight,
      tokensPerSecond: median(speeds),
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastOkAt: this.lastOkAt,
      retryAt: this.retryAt,
      lastCheckAt: this.lastCheckAt,
      lastCheckOk: this.lastCheckOk,
    };
  }

  private state(errorRate: number): NodeHealth['state'] {
    if (this.breaker !== 'closed') return 'down';
    if (this.recent.length === 0) return 'unknown';
    return errorRate > 0.2 || this.consecutiveFailures > 0 ? 'degraded' : 'healthy';
  }

  private open(): void {
    const backoff = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** this.openings);
    this.openings += 1;
    this.breaker = 'open';
    this.retryAt = this.now() + backoff;
  }

  private push(outcome: Outcome, request = true): void {
    if (request) this.requests += 1;
    this.recent.push(outcome);
    if (this.recent.length > this.options.window) this.recent.shift();
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
