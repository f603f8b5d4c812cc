/**
 * bench engine — the anchor: llama.cpp's own llama-bench vs node-llama-cpp's stock prebuilt vs Outpost's
 * patched local build (scripts/build-engine.ts), same model, threads, batch and depth, rounds interleaved.
 * Every ratio is taken against llama-bench within the same round, then the median across rounds is shown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestModel } from '../scripts/test-model/make-test-model';
import { localBuildTarget, nodeLlamaCppPackage } from '../scripts/lib/engineSources';
import { EngineProcess, type EngineSpec } from './lib/engineProcess';
import { resolveLlamaBench, runLlamaBench } from './lib/llamaBench';
import { machineHeader, percentile, publish } from './lib/report';
import { llamaBenchClonesPerToken, nodeClonesPerToken, straceAvailable } from './lib/threadSpawns';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const PP = Number(process.env.BENCH_PP ?? 512);
const TG = Number(process.env.BENCH_TG ?? 128);

interface Sample {
  round: number;
  engine: string;
  pp: number;
  tg: number;
}

async function localBuildInstalled(): Promise<boolean> {
  const nlc = nodeLlamaCppPackage();
  const { folderName } = await localBuildTarget(nlc, false);
  return fs.existsSync(path.join(nlc.dir, 'llama', 'localBuilds', folderName, 'buildDone.status'));
}

function engineSpecs(hasLocal: boolean): EngineSpec[] {
  const specs: EngineSpec[] = [{ name: 'stock prebuilt', engine: 'stock', threads: THREADS }];
  if (THREADS > 1) specs.push({ name: 'stock prebuilt, 1 thread', engine: 'stock', threads: 1 });
  if (hasLocal) {
    specs.push({ name: 'patched local build', engine: 'local', threads: THREADS });
    // Same binary with the pool switched off: separates the patch from the compiler flags of the build.
    specs.push({
      name: 'patched build, pool off',
      engine: 'local',
      threads: THREADS,
      env: { NODE_LLAMA_CPP_THREADPOOL: '0' },
    });
    // Same loop in lock-step: the worker decodes a token only once JS grants it instead of decoding it ahead.
    specs.push({
      name: 'patched build, token loop lock-step',
      engine: 'local',
      threads: THREADS,
      env: { NODE_LLAMA_CPP_TOKEN_LOOP_AHEAD: '0' },
    });
    // Same binary without the native token loop (tokenloop patch): one decode call + one sample call per token.
    specs.push({
      name: 'patched build, token loop off',
      engine: 'local',
      threads: THREADS,
      env: { NODE_LLAMA_CPP_TOKEN_LOOP: '0' },
    });
  }
  // BENCH_ENGINES='name|name': only these rows (e.g. on a busy machine), matched on the row name.
  const only = process.env.BENCH_ENGINES?.split('|').map((name) => name.trim());
  return only ? specs.filter((spec) => only.includes(spec.name)) : specs;
}

const median = (values: number[]) => percentile(values, 50);

export async function main(): Promise<void> {
  // BENCH_NO_LLAMA_BENCH=1: no anchor build available; ratios are then taken against the stock prebuilt.
  const llamaBench = process.env.BENCH_NO_LLAMA_BENCH ? null : resolveLlamaBench();
  const anchorName = llamaBench ? 'llama-bench' : 'stock prebuilt';
  console.log(`generating/using a ${SHAPE} Q8_0 test model...`);
  const modelPath = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 7 });
  const hasLocal = await localBuildInstalled();
  if (!hasLocal) console.warn('no patched local build installed (npm run build-engine): stock rows only');

  const engines: EngineProcess[] = [];
  for (const spec of engineSpecs(hasLocal)) engines.push(await EngineProcess.start(spec, modelPath));
  for (const engine of engines) {
    await engine.measure('pp', 32); // warm-up, as llama-bench does its own
    await engine.measure('tg', 8);
  }

  const samples: Sample[] = [];
  const names = [...(llamaBench ? ['llama-bench'] : []), ...engines.map((e) => e.spec.name)];
  for (let round = 0; round < REPEATS; round++) {
    // Rotate the order every round so no engine always runs on the warmest (or the busiest) machine.
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      if (name === 'llama-bench') {
        const r = runLlamaBench(llamaBench!, modelPath, THREADS, PP, TG);
        samples.push({ round, engine: name, pp: r.ppTokensPerSecond, tg: r.tgTokensPerSecond });
        continue;
      }
      const engine = engines.find((e) => e.spec.name === name)!;
      samples.push({ round, engine: name, pp: await engine.measure('pp', PP), tg: await engine.measure('tg', TG) });
    }
    console.log(`round ${round + 1}/${REPEATS} done`);
  }
  for (const engine of engines) await engine.stop();

  // Outside the timed rounds: strace slows whatever it watches.
  const clones = new Map<string, number>();
  if (process.env.BENCH_STRACE !== '0' && straceAvailable()) {
    console.log('counting OS threads created per token (strace)...');
    if (llamaBench) clones.set('llama-bench', llamaBenchClonesPerToken(llamaBench, modelPath, THREADS));
    for (const spec of engineSpecs(hasLocal)) {
      clones.set(spec.name, nodeClonesPerToken(modelPath, spec.threads, { BENCH_ENGINE: spec.engine, ...spec.env }));
    }
  }

  const anchor = (round: number) => samples.find((s) => s.round === round && s.engine === anchorName)!;
  const rows = names.map((name) => {
    const mine = samples.filter((s) => s.engine === name);
    const ratio = (key: 'pp' | 'tg') => median(mine.map((s) => s[key] / anchor(s.round)[key]));
    const spread = (key: 'pp' | 'tg') => {
      const ratios = mine.map((s) => s[key] / anchor(s.round)[key]);
      return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
    };
    const engine = engines.find((e) => e.spec.name === name);
    return [
      name,
      engine?.buildType ?? 'llama.cpp tool',
      engine?.threads ?? THREADS,
      median(mine.map((s) => s.pp)),
      median(mine.map((s) => s.tg)),
      ratio('pp'),
      ratio('tg'),
      `${spread('pp')} / ${spread('tg')}`,
      clones.get(name) ?? 'n/a',
      name === 'patched local build' ? '≥ 0.9 / ≥ 0.95' : '',
    ];
  });
  publish(
    'engine',
    machineHeader({
      backend: 'cpu',
      model: `${SHAPE} Q8_0 (${path.basename(modelPath)})`,
      threads: String(THREADS),
      llamaBench: llamaBench ?? 'not run (BENCH_NO_LLAMA_BENCH)',
      anchor: anchorName,
    }),
    [
      {
        title: `engines vs ${anchorName} (median of ${REPEATS} interleaved rounds; pp${PP}, tg${TG}, depth 0, flash attention on, batch 512)`,
        columns: [
          'engine',
          'binary',
          'threads',
          `pp${PP} tok/s`,
          `tg${TG} tok/s`,
          'pp ratio',
          'tg ratio',
          'ratio range pp / tg',
          'threads created per token',
          'target',
        ],
        rows,
      },
    ],
    { samples, clonesPerToken: Object.fromEntries(clones) },
  );
}
