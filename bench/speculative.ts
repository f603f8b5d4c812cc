/**
 * bench speculative: tokens/s of the worker path with no predictor, prompt lookup, a draft model with other
 * weights (tiny, same tokenizer) and a "twin" draft (the target's own weights: the acceptance ceiling), on
 * (a) a reply that copies the input and (b) free text. Same run, interleaved; acceptance from the metrics.
 * Random weights rarely copy anything, so this measures what speculation costs when it misses and what a
 * perfect draft is worth, not real-model acceptance.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOAD_OPTIONS, DEFAULT_SPECULATIVE, GenerateRequest, type Speculative } from '../src-preload/contract';
import { makeTestModel } from '../scripts/test-model/make-test-model';
import { createConsoleLogger } from '../src-main/core/consoleLogger';
import { WORKER_SOURCE, TSX_EXEC_ARGV } from '../src-main/core/inference/testing/engineHarness';
import { createInferenceEngine } from '../src-main/core/inference/inferenceClient';
import type { ModelRef } from '../src-main/core/inference/engine';
import { forkSpawner } from '../src-main/core/process/forkSpawner';
import { machineHeader, percentile, publish } from './lib/report';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 64);
const PASSAGE =
  'The quick brown fox jumps over the lazy dog. {"order": 10042, "items": ["kettle", "toaster"], "total": 59.90}';
const PROMPTS = {
  copy: `Repeat this text exactly, nothing else:\n${PASSAGE}\n${PASSAGE}`,
  free: 'Write a short note about running language models offline on a laptop, with three tips.',
} as const;

export async function main(): Promise<void> {
  console.log(`generating/using a ${SHAPE} Q8_0 target and a tiny draft...`);
  const target = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 7 });
  const tiny = await makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 11 });
  const engine = createInferenceEngine({
    spawner: forkSpawner,
    workerPath: WORKER_SOURCE,
    execArgv: TSX_EXEC_ARGV,
    logger: createConsoleLogger('warn', 'bench'),
    backend: 'cpu',
  });
  const configs: { id: string; label: string; ref: ModelRef; speculative: Partial<Speculative> }[] = [
    { id: 'off', label: 'off', ref: { id: 'off', path: target }, speculative: { inputLookup: false } },
    { id: 'lookup', label: 'prompt lookup', ref: { id: 'lookup', path: target }, speculative: { inputLookup: true } },
    {
      id: 'draft',
      label: 'draft: tiny, other weights',
      ref: { id: 'draft', path: target, draft: { id: 'tiny', path: tiny } },
      speculative: { draftModelId: 'tiny', draftMinConfidence: 0 },
    },
    {
      id: 'twin',
      label: 'draft: twin (same weights)',
      ref: { id: 'twin', path: target, draft: { id: 'twin-draft', path: target } },
      speculative: { draftModelId: 'twin-draft', draftMinConfidence: 0 },
    },
  ];
  for (const c of configs) {
    const speculative = { ...DEFAULT_SPECULATIVE, ...c.speculative };
    const options = { ...DEFAULT_LOAD_OPTIONS, threads: THREADS, contextSize: 1024, parallelSequences: 1, speculative };
    await engine.load(c.ref, options, () => undefined);
  }
  type Sample = { tps: number; validated: number; refuted: number };
  const samples = new Map<string, Sample[]>();
  let n = 0;
  for (let round = 0; round <= REPEATS; round++) {
    for (const kind of Object.keys(PROMPTS) as (keyof typeof PROMPTS)[]) {
      for (let k = 0; k < configs.length; k++) {
        const c = configs[(round + k) % configs.length]!;
        const result = await engine.generate(
          GenerateRequest.parse({
            requestId: `spec-${++n}`,
            modelId: c.id,
            messages: [{ role: 'user', content: PROMPTS[kind] }],
            sampling: { maxTokens: MAX_TOKENS, temperature: 0 },
            origin: 'bench',
          }),
          {},
        );
        if (round === 0) continue; // warm-up
        const key = `${kind}/${c.id}`;
        const list = samples.get(key) ?? [];
        list.push({
          tps: result.metrics.generationTokensPerSecond ?? Number.NaN,
          validated: result.metrics.predictions?.validated ?? 0,
          refuted: result.metrics.predictions?.refuted ?? 0,
        });
        samples.set(key, list);
      }
    }
  }
  await engine.dispose();

  const rows: (string | number)[][] = [];
  for (const kind of Object.keys(PROMPTS) as (keyof typeof PROMPTS)[]) {
    const base = percentile(
      samples.get(`${kind}/off`)!.map((s) => s.tps),
      50,
    );
    for (const c of configs) {
      const list = samples.get(`${kind}/${c.id}`)!;
      const tps = percentile(
        list.map((s) => s.tps),
        50,
      );
      const validated = list.reduce((sum, s) => sum + s.validated, 0);
      const refuted = list.reduce((sum, s) => sum + s.refuted, 0);
      const acceptance = validated + refuted === 0 ? '—' : `${Math.round((100 * validated) / (validated + refuted))}%`;
      rows.push([
        kind === 'copy' ? '(a) copies the input' : '(b) free text',
        c.label,
        tps,
        tps / base,
        acceptance,
        validated,
        refuted,
      ]);
    }
  }
  publish(
    'speculative',
    machineHeader({
      backend: 'cpu',
      target: `${SHAPE} Q8_0 (${path.basename(target)})`,
      threads: String(THREADS),
      tokens: String(MAX_TOKENS),
    }),
    [
      {
        title: `generation tokens/s, p50 of ${REPEATS} (greedy, ${MAX_TOKENS} tokens)`,
        columns: ['output', 'predictor', 'tok/s', '× off', 'acceptance', 'validated', 'refuted'],
        rows,
      },
    ],
    Object.fromEntries(samples),
  );
}
