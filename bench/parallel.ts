/**
 * bench parallel — 1, 2 and 4 concurrent chats on one loaded model (4 sequences), through Outpost's worker
 * and through bare node-llama-cpp. Each round runs every concurrency level (order rotated) and every level
 * is divided by the single-chat figure of the same round and the same path.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOAD_OPTIONS, GenerateRequest } from '../src-preload/contract';
import { makeTestModel } from '../scripts/test-model/make-test-model';
import { ensureBuilt, headlessEntry, ROOT } from '../scripts/lib/buildState';
import { createInferenceEngine } from '../src-main/core/inference/inferenceClient';
import { forkSpawner } from '../src-main/core/process/forkSpawner';
import { createConsoleLogger } from '../src-main/core/consoleLogger';
import { BareLlama } from './lib/bareLlama';
import { findBatchedBench, runBatchedBench } from './lib/llamaBench';
import { machineHeader, percentile, publish } from './lib/report';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 64);
const LEVELS = [1, 2, 4];
const CONTEXT = 1024;

type Path = 'outpost' | 'bare';
interface Sample {
  round: number;
  path: Path;
  chats: number;
  aggregateTps: number;
}

export async function main(): Promise<void> {
  ensureBuilt();
  const workerPath = path.join(path.dirname(headlessEntry() ?? path.join(ROOT, 'out/main/x')), 'inferenceWorker.js');
  console.log(`generating/using a ${SHAPE} Q8_0 test model...`);
  const modelPath = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 7 });
  const model = { id: 'bench', path: modelPath };
  const prompt = (id: string) => `Chat ${id}. Write a short note about running language models offline.`;

  const engine = createInferenceEngine({
    spawner: forkSpawner,
    workerPath,
    logger: createConsoleLogger('warn', 'bench'),
    backend: 'cpu',
  });
  const options = { ...DEFAULT_LOAD_OPTIONS, threads: THREADS, contextSize: CONTEXT, parallelSequences: 4 };
  await engine.load(model, options, () => {});
  const bare = await BareLlama.open(modelPath, THREADS, CONTEXT, 4);

  const runOutpost = async (id: string) => {
    const result = await engine.generate(
      GenerateRequest.parse({
        requestId: id,
        modelId: 'bench',
        messages: [{ role: 'user', content: prompt(id) }],
        sampling: { maxTokens: MAX_TOKENS, temperature: 0 },
        origin: 'bench',
      }),
      {},
    );
    return result.metrics.completionTokens;
  };
  const runBare = async (id: string) => (await bare.run(prompt(id), MAX_TOKENS)).completionTokens;
  const level = async (run: (id: string) => Promise<number>, chats: number, tag: string) => {
    const started = performance.now();
    const tokens = await Promise.all(Array.from({ length: chats }, (_, k) => run(`${tag}-${k}`)));
    return tokens.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
  };

  await level(runOutpost, 1, 'warm-o');
  await level(runBare, 1, 'warm-b');
  const samples: Sample[] = [];
  const plan = LEVELS.flatMap((chats) => (['outpost', 'bare'] as const).map((p) => ({ chats, path: p })));
  for (let round = 0; round < REPEATS; round++) {
    const order = plan.map((_, i) => plan[(i + round) % plan.length]!);
    for (const step of order) {
      const run = step.path === 'outpost' ? runOutpost : runBare;
      const aggregateTps = await level(run, step.chats, `r${round}-${step.path}-${step.chats}`);
      samples.push({ round, path: step.path, chats: step.chats, aggregateTps });
    }
    console.log(`round ${round + 1}/${REPEATS} done`);
  }
  await engine.dispose();
  await bare.dispose();
  const anchor = batchedAnchor(modelPath);

  const single = (round: number, p: Path) => samples.find((s) => s.round === round && s.path === p && s.chats === 1)!;
  const rows = LEVELS.flatMap((chats) =>
    (['outpost', 'bare'] as const).map((p) => {
      const mine = samples.filter((s) => s.path === p && s.chats === chats);
      const speedups = mine.map((s) => s.aggregateTps / single(s.round, p).aggregateTps);
      return [
        chats,
        p === 'outpost' ? 'Outpost worker' : 'bare node-llama-cpp',
        percentile(
          mine.map((s) => s.aggregateTps),
          50,
        ),
        percentile(speedups, 50),
        `${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)}`,
        chats === 4 && p === 'outpost' ? '≥ 2.5×' : '',
      ];
    }),
  );
  for (const [chats, result] of anchor?.levels ?? []) {
    const speedups = anchor!.rounds.map((r) => r.get(chats)!.generatedPerWallSecond / r.get(1)!.generatedPerWallSecond);
    rows.push([
      chats,
      'llama-batched-bench',
      result,
      percentile(speedups, 50),
      `${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)}`,
      '',
    ]);
  }
  publish(
    'parallel',
    machineHeader({ backend: 'cpu', model: `${SHAPE} Q8_0`, threads: String(THREADS), sequences: '4' }),
    [
      {
        title: `concurrent chats on one model (median of ${REPEATS} rounds, ${MAX_TOKENS} tokens each, greedy)`,
        columns: ['chats', 'path', 'aggregate tok/s', 'vs one chat', 'range', 'target'],
        rows,
      },
    ],
    { samples, anchor: anchor?.rounds.map((r) => Object.fromEntries(r)) ?? 'llama-batched-bench not built' },
  );
}

/**
 * The hardware's own answer: llama.cpp decoding the same levels in one batch (same threads, prompt ≈ the chats'
 * prompt length). Without it, nothing tells whether a missed speed-up is Outpost's or the machine's.
 */
function batchedAnchor(modelPath: string) {
  const bin = findBatchedBench();
  if (!bin) {
    console.log('llama-batched-bench not built (npm run build-engine -- --llama-bench): no llama.cpp row');
    return null;
  }
  const rounds = Array.from({ length: REPEATS }, () =>
    runBatchedBench(bin, modelPath, { threads: THREADS, prompt: 32, gen: MAX_TOKENS, levels: LEVELS, context: 4096 }),
  );
  const levels = LEVELS.map(
    (chats) =>
      [
        chats,
        percentile(
          rounds.map((r) => r.get(chats)!.generatedPerWallSecond),
          50,
        ),
      ] as const,
  );
  return { rounds, levels };
}
