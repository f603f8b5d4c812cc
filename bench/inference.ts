/**
 * bench inference: the same generated model, prompt and threads through bare node-llama-cpp and through
 * Outpost's worker path (separate process, typed messages, coalesced deltas). Runs interleave.
 * Concurrency lives in bench/parallel.ts, the llama-bench anchor in bench/engine.ts.
 */
import os from 'node:os';
import path from 'node:path';
import { GenerateRequest, DEFAULT_LOAD_OPTIONS, type GenerateResult } from '../src-preload/contract';
import { makeTestModel } from '../scripts/test-model/make-test-model';
import { headlessEntry, ensureBuilt, ROOT } from '../scripts/lib/buildState';
import { createInferenceEngine } from '../src-main/core/inference/inferenceClient';
import { forkSpawner } from '../src-main/core/process/forkSpawner';
import { createConsoleLogger } from '../src-main/core/consoleLogger';
import { openAgentPath } from './lib/agentPath';
import { BareLlama, type RunMetrics } from './lib/bareLlama';
import { machineHeader, percentile, publish, type Table } from './lib/report';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 96);
const CONTEXT = 2048;
const SETTLE_MS = 500;
const PROMPT = 'Write a short note about running language models offline on a laptop, with three tips.';

const toRun = (r: GenerateResult): RunMetrics => ({
  ttftMs: r.metrics.ttftMs ?? Number.NaN,
  promptTokens: r.metrics.promptTokens,
  completionTokens: r.metrics.completionTokens,
  promptTokensPerSecond: r.metrics.promptTokensPerSecond ?? Number.NaN,
  generationTokensPerSecond: r.metrics.generationTokensPerSecond ?? Number.NaN,
});

const p50 = (runs: RunMetrics[], key: keyof RunMetrics) =>
  percentile(
    runs.map((r) => r[key] ?? Number.NaN),
    50,
  );
const p95 = (runs: RunMetrics[], key: keyof RunMetrics) =>
  percentile(
    runs.map((r) => r[key] ?? Number.NaN),
    95,
  );

export async function main(): Promise<void> {
  ensureBuilt();
  const workerPath = path.join(path.dirname(headlessEntry() ?? path.join(ROOT, 'out/main/x')), 'inferenceWorker.js');
  console.log(`generating/using a ${SHAPE} Q8_0 test model...`);
  const modelPath = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 7 });
  // Same threads, context and a single sequence on both sides; the parallel table loads 4 sequences.
  const options = { ...DEFAULT_LOAD_OPTIONS, threads: THREADS, contextSize: CONTEXT, parallelSequences: 1 };
  const model = { id: 'bench', path: modelPath };
  // A unique first line per run (same length on both sides): no side may reuse a cached prompt prefix.
  const promptFor = (id: string) => `Run ${id}. ${PROMPT}`;
  const request = (id: string, maxTokens = MAX_TOKENS) =>
    GenerateRequest.parse({
      requestId: id,
      modelId: 'bench',
      messages: [{ role: 'user', content: promptFor(id) }],
      sampling: { maxTokens, temperature: 0 },
      origin: 'bench',
    });

  const bare = await BareLlama.open(modelPath, THREADS, CONTEXT);
  const engine = createInferenceEngine({
    spawner: forkSpawner,
    workerPath,
    logger: createConsoleLogger('warn', 'bench'),
    backend: 'cpu',
  });
  await engine.estimate(model, options); // starts the worker, so load time excludes process start-up
  const loadOutpost = async () => {
    const started = performance.now();
    await engine.load(model, options, () => {});
    return performance.now() - started;
  };
  // Load time: LOADS interleaved unload → load cycles per side (the first bare load is the one above).
  const bareLoads = [bare.loadMs];
  const outpostLoads = [await loadOutpost()];
  for (let i = 1; i < LOADS; i++) {
    await engine.unload('bench');
    outpostLoads.push(await loadOutpost());
    bareLoads.push(await bare.reload());
  }

  const agent = await openAgentPath({
    modelPath,
    workerPath,
    threads: THREADS,
    contextSize: CONTEXT,
    maxTokens: MAX_TOKENS,
  });

  // Warm-up every path once so page cache and allocator state match.
  await bare.run(promptFor('warm-bare'), 8);
  await engine.generate(request('warm', 8), {});
  await agent.run(promptFor('warm-agent'));
  const bareRuns: RunMetrics[] = [];
  const outpostRuns: RunMetrics[] = [];
  const agentRuns: RunMetrics[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const runBare = async () => bareRuns.push(await bare.run(promptFor(`b-${i}`), MAX_TOKENS));
    const runOutpost = async () => {
      // TTFT and total time as a caller sees them: spawn-free, but through IPC and the delta coalescer.
      const started = performance.now();
      let firstAt = 0;
      const result = await engine.generate(request(`o-${i}`), {
        onDelta: () => {
          if (firstAt === 0) firstAt = performance.now();
        },
      });
      const workerTtftMs = result.metrics.ttftMs ?? Number.NaN;
      outpostRuns.push({
        ...toRun(result),
        ttftMs: firstAt - started,
        totalMs: performance.now() - started,
        workerTtftMs,
      });
    };
    // A pause before each run: the bare side shares this process, and its clean-up after a run (sequence
    // disposal on libuv threads) slowed the Outpost run right after it by ~150 ms on 2 cores.
    const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const runAgent = async () => agentRuns.push(await agent.run(promptFor(`a-${i}`)));
    // Rotate the order every round so no path always runs on the warmer machine state.
    const sides: (() => Promise<unknown>)[] = [runBare, runOutpost, runAgent];
    for (let k = 0; k < sides.length; k++) {
      await settle();
      await sides[(i + k) % sides.length]!();
    }
  }

  await agent.dispose();
  await engine.dispose();
  await bare.dispose();

  const ratio = (key: keyof RunMetrics) => p50(outpostRuns, key) / p50(bareRuns, key);
  publish(
    'inference',
    machineHeader({ backend: 'cpu', model: `${SHAPE} Q8_0 (${path.basename(modelPath)})`, threads: String(THREADS) }),
    [
      {
        title: `bare node-llama-cpp vs Outpost worker path (p50 of ${REPEATS} interleaved runs, ${MAX_TOKENS} max tokens)`,
        columns: ['metric', 'bare', 'outpost', 'ratio / diff', 'target'],
        rows: [
          [
            'generation tok/s',
            p50(bareRuns, 'generationTokensPerSecond'),
            p50(outpostRuns, 'generationTokensPerSecond'),
            ratio('generationTokensPerSecond'),
            '≥ 0.98',
          ],
          [
            'prompt tok/s',
            p50(bareRuns, 'promptTokensPerSecond'),
            p50(outpostRuns, 'promptTokensPerSecond'),
            ratio('promptTokensPerSecond'),
            '—',
          ],
          [
            'TTFT p50 ms',
            p50(bareRuns, 'ttftMs'),
            p50(outpostRuns, 'ttftMs'),
            p50(outpostRuns, 'ttftMs') - p50(bareRuns, 'ttftMs'),
            '≤ +15 ms',
          ],
          [
            'TTFT p95 ms',
            p95(bareRuns, 'ttftMs'),
            p95(outpostRuns, 'ttftMs'),
            p95(outpostRuns, 'ttftMs') - p95(bareRuns, 'ttftMs'),
            '≤ +15 ms',
          ],
          [
            `model load ms (p50 of ${LOADS})`,
            percentile(bareLoads, 50),
            percentile(outpostLoads, 50),
            percentile(outpostLoads, 50) / percentile(bareLoads, 50),
            '≤ 1.1',
          ],
          [
            'end-to-end ms (prompt + 96 tokens)',
            p50(bareRuns, 'totalMs'),
            p50(outpostRuns, 'totalMs'),
            ratio('totalMs'),
            '—',
          ],
          ['completion tokens', p50(bareRuns, 'completionTokens'), p50(outpostRuns, 'completionTokens'), '', ''],
        ],
      },
      agentTable(bareRuns, agentRuns),
    ],
    { bareRuns, outpostRuns, agentRuns, outpostLoads, bareLoads },
  );
}

/** Bare vs the whole app path (core, runtime, SQLite, events): what a chat user gets over the raw engine. */
function agentTable(bareRuns: RunMetrics[], agentRuns: RunMetrics[]): Table {
  const row = (metric: string, key: keyof RunMetrics, kind: 'ratio' | 'diff', target: string, q = 50) => {
    const [b, a] = [percentile(pick(bareRuns, key), q), percentile(pick(agentRuns, key), q)];
    return [metric, b, a, kind === 'ratio' ? a / b : a - b, target];
  };
  return {
    title: `bare node-llama-cpp vs full agent path: createCore + chat.send + runtime + SQLite + chat.event (p50 of ${agentRuns.length})`,
    columns: ['metric', 'bare', 'agent path', 'ratio / diff', 'target'],
    rows: [
      row('generation tok/s', 'generationTokensPerSecond', 'ratio', '≥ 0.98'),
      row('prompt tok/s', 'promptTokensPerSecond', 'ratio', '—'),
      row('TTFT p50 ms', 'ttftMs', 'diff', '≤ +15 ms'),
      row('TTFT p95 ms', 'ttftMs', 'diff', '≤ +15 ms', 95),
      row('prompt tokens (system prompt + template)', 'promptTokens', 'diff', ''),
      row('end-to-end ms', 'totalMs', 'ratio', '—'),
    ],
  };
}

const pick = (runs: RunMetrics[], key: keyof RunMetrics) => runs.map((r) => r[key] ?? Number.NaN);
