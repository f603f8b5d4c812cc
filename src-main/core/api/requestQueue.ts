/**
 * Admission per model: up to `capacity(model)` requests run (the model's parallel sequences), a bounded
 * number wait, served round-robin across clients so one busy client cannot starve the others.
 */
import { ApiError } from './openaiErrors';

interface Waiter {
  client: string;
  start: () => void;
}

interface Lane {
  running: number;
  waiting: Map<string, Waiter[]>;
  /** Clients with waiters, in the order they are served next. */
  turns: string[];
  waitingCount: number;
}

/** Service times kept per model across idle periods (a lane is dropped when it empties), for Retry-After. */
const RECENT_SAMPLES = 20;
const UNKNOWN_SERVICE_MS = 5_000;

export interface RequestQueueOptions {
  capacity: (modelId: string) => number;
  maxWaiting: () => number;
  now: () => number;
}

export type Release = () => void;

const abortedError = () => new ApiError(499, 'invalid_request_error', 'client_closed', 'The client went away');

export class RequestQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly recentMs = new Map<string, number[]>();

  constructor(private readonly o: RequestQueueOptions) {}

  /** Resolves when the request may run; 429 with Retry-After when the queue is full. */
  acquire(modelId: string, client: string, signal: AbortSignal): Promise<Release> {
    if (signal.aborted) return Promise.reject(abortedError());
    const lane = this.lane(modelId);
    if (lane.running < Math.max(1, this.o.capacity(modelId)) && lane.waitingCount === 0) {
      return Promise.resolve(this.begin(modelId, lane));
    }
    if (lane.waitingCount >= this.o.maxWaiting()) {
      const seconds = this.retryAfterSeconds(modelId, lane);
      return Promise.reject(
        new ApiError(
          429,
          'rate_limit_error',
          'queue_full',
          `The model "${modelId}" is busy: ${lane.running} running and ${lane.waitingCount} waiting. Retry later.`,
          null,
          { 'Retry-After': String(seconds) },
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        client,
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.begin(modelId, lane));
        },
      };
      const onAbort = () => {
        this.remove(lane, waiter);
        reject(abortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const list = lane.waiting.get(client);
      if (list) list.push(waiter);
      else {
        lane.waiting.set(client, [waiter]);
        lane.turns.push(client);
      }
      lane.waitingCount += 1;
    });
  }

  stats(): { running: number; waiting: number } {
    let running = 0;
    let waiting = 0;
    for (const lane of this.lanes.values()) {
      running += lane.running;
      waiting += lane.waitingCount;
    }
    return { running, waiting };
  }

  private begin(modelId: string, lane: Lane): Release {
    lane.running += 1;
    const startedAt = this.o.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.running -= 1;
      this.remember(modelId, this.o.now() - startedAt);
      this.next(modelId, lane);
    };
  }

  private next(modelId: string, lane: Lane): void {
    while (lane.running < Math.max(1, this.o.capacity(modelId)) && lane.turns.length > 0) {
      const client = lane.turns.shift() as string;
      const list = lane.waiting.get(client) ?? [];
      const waiter = list.shift();
      if (list.length > 0) lane.turns.push(client);
      else lane.waiting.delete(client);
      if (!waiter) continue;
      lane.waitingCount -= 1;
      waiter.start();
    }
    if (lane.running === 0 && lane.waitingCount === 0) this.lanes.delete(modelId);
  }

  private remove(lane: Lane, waiter: Waiter): void {
    const list = lane.waiting.get(waiter.client);
    const index = list?.indexOf(waiter) ?? -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    lane.waitingCount -= 1;
    if (list.length === 0) {
      lane.waiting.delete(waiter.client);
      lane.turns = lane.turns.filter((c) => c !== waiter.client);
    }
  }

  private lane(modelId: string): Lane {
    let lane = this.lanes.get(modelId);
    if (!lane) {
      lane = { running: 0, waiting: new Map(), turns: [], waitingCount: 0 };
      this.lanes.set(modelId, lane);
    }
    return lane;
  }

  private remember(modelId: string, ms: number): void {
    const samples = this.recentMs.get(modelId) ?? [];
    samples.push(Math.max(0, ms));
    if (samples.length > RECENT_SAMPLES) samples.shift();
    this.recentMs.set(modelId, samples);
  }

  /** Median of the model's recent service times: one slow outlier does not inflate every Retry-After. */
  serviceEstimateMs(modelId: string): number {
    const samples = [...(this.recentMs.get(modelId) ?? [])].sort((a, b) => a - b);
    if (samples.length === 0) return UNKNOWN_SERVICE_MS;
    return samples[Math.floor(samples.length / 2)] ?? UNKNOWN_SERVICE_MS;
  }

  private retryAfterSeconds(modelId: string, lane: Lane): number {
    const perRequest = this.serviceEstimateMs(modelId);
    const ahead = lane.waitingCount + lane.running;
    const seconds = Math.ceil((perRequest * ahead) / Math.max(1, this.o.capacity(modelId)) / 1000);
    return Math.min(120, Math.max(1, seconds));
  }
}
