import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GenerateResult } from '@contract';
import { RequestMetricsStore } from '../lifecycle/requestMetricsStore';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { ToolAuditLog } from '../tools/auditLog';
import { healthReport, percentile, recentLatency } from './healthReport';

let db: ReturnType<typeof openDatabase>['db'];
let metrics: RequestMetricsStore;
let seq = 0;

beforeEach(() => {
  db = openDatabase(path.join(makeTempDir(), 'outpost.db'), migrations, createMemoryLogger()).db;
  metrics = new RequestMetricsStore(db, createMemoryLogger());
});
afterEach(() => db.close());

function result(ttftMs: number, tps: number, finishReason: GenerateResult['finishReason'] = 'stop'): GenerateResult {
  return {
    requestId: 'x',
    text: 'hi',
    finishReason,
    functionCalls: [],
    metrics: {
      ttftMs,
      promptTokens: 5,
      completionTokens: 10,
      promptTokensPerSecond: 50,
      generationTokensPerSecond: tps,
      totalMs: 500,
    },
  };
}

function record(origin: string, modelId: string, at: number, r: GenerateResult | null, errorCode: string | null) {
  metrics.record({ requestId: `r${++seq}`, modelId, origin, startedAt: at, finishedAt: at + 10, result: r, errorCode });
}

function tool(agentId: string, outcome: 'ok' | 'error', decision: 'allow' | 'ask-denied' = 'allow') {
  new ToolAuditLog(db).write({
    callId: `c${++seq}`,
    agentId,
    conversationId: null,
    tool: 'notes.add',
    args: {},
    decision,
    outcome,
    resultBytes: 1,
    errorCode: outcome === 'ok' ? null : 'tool_failed',
    startedAt: 5_000,
    finishedAt: 5_001,
  });
}

describe('percentile', () => {
  it('uses the nearest rank and ignores input order', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe('healthReport', () => {
  it('aggregates per agent and per model from stored metrics and the tool audit', () => {
    db.prepare(`INSERT INTO agents (id, definition_json, version, created_at, updated_at) VALUES (?, ?, 1, 0, 0)`).run(
      'writer',
      JSON.stringify({ id: 'writer', name: 'Writer' }),
    );
    for (const [i, ttft] of [100, 200, 300, 400].entries())
      record('writer', 'm1', 1_000 + i, result(ttft, 10 + i), null);
    record('writer', 'm1', 2_000, null, 'worker_crashed');
    record('writer', 'm2', 3_000, null, 'worker_crashed');
    record('writer', 'm2', 3_500, null, 'insufficient_memory');
    record('writer', 'm2', 4_000, result(50, 5, 'aborted'), null);
    record('api', 'm2', 4_500, result(1000, 20), null);
    record('old', 'm1', 10, result(1, 1), null); // before the window
    tool('writer', 'ok');
    tool('writer', 'ok');
    tool('writer', 'error');
    tool('writer', 'ok', 'ask-denied');
    tool('tools-only', 'ok');

    const report = healthReport(db, 500);
    const writer = report.agents.find((a) => a.key === 'writer');
    expect(writer).toMatchObject({
      label: 'Writer',
      requests: 8,
      succeeded: 4,
      failed: 3,
      cancelled: 1,
      ttftP50Ms: 200,
      ttftP95Ms: 400,
      tokensPerSecondP50: 11,
      toolCalls: 4,
      toolSuccessRate: 0.5,
      lastError: { code: 'insufficient_memory', at: 3_500, modelId: 'm2' },
      lastRequestAt: 4_000,
    });
    expect(writer?.successRate).toBeCloseTo(4 / 7);
    expect(writer?.errorKinds).toEqual([
      { code: 'worker_crashed', count: 2 },
      { code: 'insufficient_memory', count: 1 },
    ]);
    expect(report.agents.find((a) => a.key === 'api')).toMatchObject({ label: 'API clients', successRate: 1 });
    expect(report.agents.find((a) => a.key === 'tools-only')).toMatchObject({ requests: 0, successRate: null });
    expect(report.agents.some((a) => a.key === 'old')).toBe(false);

    const m2 = report.models.find((m) => m.key === 'm2');
    expect(m2).toMatchObject({ requests: 4, succeeded: 1, failed: 2, cancelled: 1, ttftP50Ms: 1000 });
    expect(report.models.map((m) => m.key)).toEqual(['m2', 'm1']); // most recently active first
  });

  it("carries each agent's background success rate: runs succeeded / ended in the window, cancelled left out", () => {
    const job = (id: string, agentId: string) =>
      db
        .prepare(
          `INSERT INTO jobs (id, name, agent_id, instruction, trigger_json, output_json, limits_json, missed_policy,
             require_tool, enabled, conversation_id, created_at, updated_at)
           VALUES (?, ?, ?, 'x', '{}', '{}', '{}', 'skip', 0, 1, 'c', 0, 0)`,
        )
        .run(id, id, agentId);
    let runs = 0;
    const run = (jobId: string, status: string, endedAt: number | null) =>
      db
        .prepare(
          `INSERT INTO job_runs (id, job_id, trigger, status, queued_at, ended_at, conversation_id)
           VALUES (?, ?, 'manual', ?, 0, ?, 'c')`,
        )
        .run(`run-${++runs}`, jobId, status, endedAt);
    job('digest', 'writer');
    job('sweep', 'writer');
    job('other', 'reader');
    for (const status of ['succeeded', 'succeeded', 'succeeded', 'failed', 'limit', 'interrupted', 'cancelled'])
      run(status === 'failed' ? 'sweep' : 'digest', status, 1_000);
    run('digest', 'failed', 10); // before the window
    run('digest', 'running', null); // not ended
    run('other', 'succeeded', 2_000);
    record('writer', 'm1', 1_000, result(100, 10), null);

    const report = healthReport(db, 500);
    expect(report.agents.find((a) => a.key === 'writer')).toMatchObject({
      requests: 1,
      backgroundRuns: 6,
      backgroundSucceeded: 3,
      backgroundSuccessRate: 0.5,
    });
    // An agent with background runs but no other request in the window still has a row.
    expect(report.agents.find((a) => a.key === 'reader')).toMatchObject({
      requests: 0,
      backgroundRuns: 1,
      backgroundSuccessRate: 1,
    });
    expect(report.models.find((m) => m.key === 'm1')).toMatchObject({ backgroundRuns: 0, backgroundSuccessRate: null });
  });

  it('reports an empty window as empty lists, not zeros', () => {
    expect(healthReport(db, 0)).toEqual({ since: 0, agents: [], models: [] });
  });

  it('recentLatency takes the median of the latest model’s last five requests', () => {
    expect(recentLatency(db, 0)).toBeNull();
    for (const [i, ttft] of [9_000, 100, 200, 300, 400, 500].entries())
      record('a', 'slow', 100 + i, result(ttft, 1), null);
    record('a', 'fast', 50, result(10, 1), null);
    expect(recentLatency(db, 0)).toEqual({ modelId: 'slow', ttftMs: 300 });
  });
});
