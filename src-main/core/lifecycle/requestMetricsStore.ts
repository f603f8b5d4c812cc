import type { Database } from 'better-sqlite3';
import type { GenerateResult } from '@contract';
import type { Logger } from '../ports';

export interface RequestRecord {
  requestId: string;
  modelId: string;
  origin: string;
  startedAt: number;
  finishedAt: number;
  result: GenerateResult | null;
  errorCode: string | null;
}

/** Per-request inference metrics, the raw material of agent health and the dashboard. */
export class RequestMetricsStore {
  private readonly insert;

  constructor(
    db: Database,
    private readonly logger: Logger,
  ) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO inference_requests
       (request_id, model_id, origin, started_at, finished_at, finish_reason, error_code,
        ttft_ms, prompt_tokens, completion_tokens, prompt_tps, generation_tps, total_ms, function_calls)
       VALUES (@requestId, @modelId, @origin, @startedAt, @finishedAt, @finishReason, @errorCode,
        @ttftMs, @promptTokens, @completionTokens, @promptTps, @generationTps, @totalMs, @functionCalls)`,
    );
  }

  /** Metrics must never break a reply: a failed write is logged, not thrown. */
  record(r: RequestRecord): void {
    const m = r.result?.metrics;
    try {
      this.insert.run({
        requestId: r.requestId,
        modelId: r.modelId,
        origin: r.origin,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        finishReason: r.result?.finishReason ?? 'error',
        errorCode: r.errorCode,
        ttftMs: m?.ttftMs ?? null,
        promptTokens: m?.promptTokens ?? 0,
        completionTokens: m?.completionTokens ?? 0,
        promptTps: m?.promptTokensPerSecond ?? null,
        generationTps: m?.generationTokensPerSecond ?? null,
        totalMs: m?.totalMs ?? r.finishedAt - r.startedAt,
        functionCalls: r.result?.functionCalls.length ?? 0,
      });
    } catch (error) {
      this.logger.warn('could not store request metrics', { requestId: r.requestId, error: String(error) });
    }
  }
}
