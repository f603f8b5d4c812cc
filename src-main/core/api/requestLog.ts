/** Every API request, answered or refused, as one row (the audit trail) and one `api.request` event. */
import type { Database } from 'better-sqlite3';
import type { ApiRequestEntry } from '@contract';

export type NewApiRequest = Omit<ApiRequestEntry, 'id'>;

const KEEP_ROWS = 5_000;
const PRUNE_EVERY = 200;

interface Row {
  id: number;
  at: number;
  method: string;
  path: string;
  status: number;
  model: string | null;
  client: string;
  stream: number;
  duration_ms: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  error_code: string | null;
}

export class ApiRequestLog {
  private writes = 0;

  constructor(
    private readonly db: Database,
    private readonly onEntry: (entry: ApiRequestEntry) => void,
  ) {}

  record(entry: NewApiRequest): ApiRequestEntry {
    const info = this.db
      .prepare(
        `INSERT INTO api_requests (at, method, path, status, model, client, stream, duration_ms, prompt_tokens,
           completion_tokens, error_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.at,
        entry.method.slice(0, 16),
        entry.path.slice(0, 200),
        entry.status,
        entry.model?.slice(0, 200) ?? null,
        entry.client.slice(0, 100),
        entry.stream ? 1 : 0,
        entry.durationMs,
        entry.promptTokens,
        entry.completionTokens,
        entry.errorCode,
      );
    if (++this.writes % PRUNE_EVERY === 0) {
      this.db.prepare('DELETE FROM api_requests WHERE id <= ?').run(Number(info.lastInsertRowid) - KEEP_ROWS);
    }
    const saved = { ...entry, id: Number(info.lastInsertRowid) };
    this.onEntry(saved);
    return saved;
  }

  /** Newest first. */
  list(limit: number): ApiRequestEntry[] {
    const rows = this.db.prepare('SELECT * FROM api_requests ORDER BY id DESC LIMIT ?').all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      method: r.method,
      path: r.path,
      status: r.status,
      model: r.model,
      client: r.client,
      stream: r.stream === 1,
      durationMs: r.duration_ms,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      errorCode: r.error_code,
    }));
  }
}
