/**
 * Agent health from stored request metrics (inference_requests), the tool audit (tool_audit) and background
 * job runs (job_runs): per agent (the request's origin) and per model. Reads only; percentiles are computed here.
 */
import type { Database } from 'better-sqlite3';
import type { HealthReport, HealthRow } from '@contract';

/** Newest rows first, capped: a 90-day window on a busy install must not stall the main process. */
const MAX_ROWS = 50_000;

const ORIGIN_LABELS: Record<string, string> = {
  api: 'API clients',
  preview: 'Previews and test prompts',
  direct: 'Models screen (test prompt)',
};

interface RequestRow {
  origin: string;
  model_id: string;
  started_at: number;
  finish_reason: string;
  error_code: string | null;
  ttft_ms: number | null;
  generation_tps: number | null;
  function_calls: number;
}

interface ToolRow {
  agent_id: string;
  calls: number;
  ok: number;
}

interface BackgroundRow {
  agent_id: string;
  finished: number;
  succeeded: number;
}

/** Nearest-rank percentile of an unsorted list; null for an empty one. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

const isCancelled = (r: RequestRow) => r.finish_reason === 'aborted' || r.error_code === 'aborted';
const isFailed = (r: RequestRow) => !isCancelled(r) && (r.error_code !== null || r.finish_reason === 'error');

function summarize(
  key: string,
  label: string,
  rows: RequestRow[],
  tools: ToolRow | undefined,
  background?: BackgroundRow,
): HealthRow {
  const cancelled = rows.filter(isCancelled).length;
  const failedRows = rows.filter(isFailed);
  const succeeded = rows.length - cancelled - failedRows.length;
  const kinds = new Map<string, number>();
  for (const r of failedRows) kinds.set(r.error_code ?? 'error', (kinds.get(r.error_code ?? 'error') ?? 0) + 1);
  const ok = rows.filter((r) => !isCancelled(r) && !isFailed(r));
  const ttft = ok.map((r) => r.ttft_ms).filter((v): v is number => v !== null);
  const tps = ok.map((r) => r.generation_tps).filter((v): v is number => v !== null);
  const lastFailure = failedRows.reduce<RequestRow | null>((a, r) => (!a || r.started_at > a.started_at ? r : a), null);
  const finished = rows.length - cancelled;
  return {
    key,
    label,
    requests: rows.length,
    succeeded,
    failed: failedRows.length,
    cancelled,
    successRate: finished > 0 ? succeeded / finished : null,
    errorKinds: [...kinds].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count),
    ttftP50Ms: percentile(ttft, 50),
    ttftP95Ms: percentile(ttft, 95),
    tokensPerSecondP50: percentile(tps, 50),
    toolCalls: tools?.calls ?? 0,
    toolSuccessRate: tools && tools.calls > 0 ? tools.ok / tools.calls : null,
    lastError: lastFailure
      ? { code: lastFailure.error_code ?? 'error', at: lastFailure.started_at, modelId: lastFailure.model_id }
      : null,
    lastRequestAt: rows.reduce<number | null>((a, r) => (a === null || r.started_at > a ? r.started_at : a), null),
    backgroundRuns: background?.finished ?? 0,
    backgroundSucceeded: background?.succeeded ?? 0,
    backgroundSuccessRate: background && background.finished > 0 ? background.succeeded / background.finished : null,
  };
}

/** Runs per agent that ended in the window; cancelled runs (the user's choice) count neither way. */
function backgroundRuns(db: Database, since: number): Map<string, BackgroundRow> {
  const rows = db
    .prepare(
      `SELECT j.agent_id AS agent_id, COUNT(*) AS finished,
         SUM(CASE WHEN r.status = 'succeeded' THEN 1 ELSE 0 END) AS succeeded
       FROM job_runs r JOIN jobs j ON j.id = r.job_id
       WHERE r.ended_at >= ? AND r.status IN ('succeeded', 'failed', 'limit', 'interrupted')
       GROUP BY j.agent_id`,
    )
    .all(since) as BackgroundRow[];
  return new Map(rows.map((r) => [r.agent_id, r]));
}

function groupBy(rows: RequestRow[], key: (r: RequestRow) => string): Map<string, RequestRow[]> {
  const groups = new Map<string, RequestRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

function agentNames(db: Database): Map<string, string> {
  const rows = db.prepare(`SELECT id, json_extract(definition_json, '$.name') AS name FROM agents`).all() as {
    id: string;
    name: unknown;
  }[];
  return new Map(rows.map((r) => [r.id, typeof r.name === 'string' && r.name ? r.name : r.id]));
}

const byActivity = (a: HealthRow, b: HealthRow) =>
  (b.lastRequestAt ?? 0) - (a.lastRequestAt ?? 0) || a.label.localeCompare(b.label);

export function healthReport(db: Database, since: number): HealthReport {
  const rows = db
    .prepare(
      `SELECT origin, model_id, started_at, finish_reason, error_code, ttft_ms, generation_tps, function_calls
       FROM inference_requests WHERE started_at >= ? ORDER BY started_at DESC LIMIT ?`,
    )
    .all(since, MAX_ROWS) as RequestRow[];
  const toolRows = db
    .prepare(
      `SELECT agent_id, COUNT(*) AS calls,
         SUM(CASE WHEN outcome = 'ok' AND decision IN ('allow', 'ask-approved') THEN 1 ELSE 0 END) AS ok
       FROM tool_audit WHERE started_at >= ? GROUP BY agent_id`,
    )
    .all(since) as ToolRow[];
  const tools = new Map(toolRows.map((t) => [t.agent_id, t]));
  const background = backgroundRuns(db, since);
  const names = agentNames(db);
  const byOrigin = groupBy(rows, (r) => r.origin);
  for (const agentId of [...tools.keys(), ...background.keys()]) if (!byOrigin.has(agentId)) byOrigin.set(agentId, []);
  const label = (origin: string) => names.get(origin) ?? ORIGIN_LABELS[origin] ?? origin;

  const agents = [...byOrigin].map(([origin, list]) =>
    summarize(origin, label(origin), list, tools.get(origin), background.get(origin)),
  );
  const models = [...groupBy(rows, (r) => r.model_id)].map(([modelId, list]) => {
    const calls = list.reduce((n, r) => n + r.function_calls, 0);
    // Models have no audit rows of their own: count the calls they emitted, without a success rate.
    return summarize(modelId, modelId, list, calls > 0 ? { agent_id: modelId, calls, ok: 0 } : undefined);
  });
  for (const m of models) if (m.toolCalls > 0) m.toolSuccessRate = null;
  return { since, agents: agents.sort(byActivity), models: models.sort(byActivity) };
}

/** Median time-to-first-token of the most recently used model's last few requests in the window. */
export function recentLatency(db: Database, since: number): { modelId: string; ttftMs: number } | null {
  const latest = db
    .prepare(
      `SELECT model_id FROM inference_requests
       WHERE started_at >= ? AND ttft_ms IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
    )
    .get(since) as { model_id: string } | undefined;
  if (!latest) return null;
  const values = (
    db
      .prepare(
        `SELECT ttft_ms FROM inference_requests
         WHERE model_id = ? AND started_at >= ? AND ttft_ms IS NOT NULL ORDER BY started_at DESC LIMIT 5`,
      )
      .all(latest.model_id, since) as { ttft_ms: number }[]
  ).map((r) => r.ttft_ms);
  const median = percentile(values, 50);
  return median === null ? null : { modelId: latest.model_id, ttftMs: median };
}
