/**
 * A run's limits as one stop switch: max generated tokens (each generation is capped to what is left), max wall
 * time, and why the run was stopped (the first reason wins: a cancel after a limit stays a limit).
 */
import type { GenerateRequest, GenerateResult, JobLimits } from '@contract';
import type { GenerateOptions } from '../lifecycle/modelLifecycle';

export type StopReason =
  | { kind: 'limit'; limit: 'tokens' | 'wall-time' }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'denied' }
  | { kind: 'expired' };

export interface Generator {
  generate(request: GenerateRequest, options: GenerateOptions): Promise<GenerateResult>;
}

/** Starts a timer; returns its cancel function (injectable so tests decide when wall time runs out). */
export type StartTimer = (ms: number, fire: () => void) => () => void;

export const realTimer: StartTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export class RunLimits {
  readonly controller = new AbortController();
  promptTokens = 0;
  completionTokens = 0;
  private reason: StopReason | null = null;
  private readonly stopTimer: () => void;

  constructor(
    private readonly limits: JobLimits,
    startTimer: StartTimer,
  ) {
    this.stopTimer = startTimer(limits.maxWallSeconds * 1000, () => this.stop({ kind: 'limit', limit: 'wall-time' }));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopReason(): StopReason | null {
    return this.reason;
  }

  /** The generated-token budget is spent (the last reply ran into it). */
  get tokensSpent(): boolean {
    return this.completionTokens >= this.limits.maxTokens;
  }

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort();
  }

  /** Wraps a generator: waits for `beforeEach` (yielding to the user), caps max tokens, counts usage. */
  wrap(inner: Generator, beforeEach: (modelId: string, signal: AbortSignal) => Promise<void>): Generator {
    return {
      generate: async (request, options) => {
        await beforeEach(request.modelId, options.signal);
        const left = this.limits.maxTokens - this.completionTokens;
        if (left <= 0) {
          this.stop({ kind: 'limit', limit: 'tokens' });
          options.signal.throwIfAborted();
        }
        const capped = {
          ...request,
          sampling: { ...request.sampling, maxTokens: Math.min(request.sampling.maxTokens ?? left, left) },
        };
        let streamed = 0;
        try {
          const result = await inner.generate(capped, {
            ...options,
            onDelta: (delta, tokens) => {
              streamed += tokens;
              options.onDelta?.(delta, tokens);
            },
          });
          this.promptTokens += result.metrics.promptTokens;
          this.completionTokens += Math.max(result.metrics.completionTokens, streamed);
          return result;
        } catch (error) {
          this.completionTokens += streamed;
          throw error;
        }
      },
    };
  }

  dispose(): void {
    this.stopTimer();
  }
}
