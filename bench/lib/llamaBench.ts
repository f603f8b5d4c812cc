/** llama.cpp's own llama-bench, built from the release node-llama-cpp bundles: the anchor every engine is held to. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/buildState';
import { ENGINE_CACHE } from '../../scripts/lib/engineSources';

export interface LlamaBenchResult {
  ppTokensPerSecond: number;
  tgTokensPerSecond: number;
}

function builtTool(name: string): string | null {
  if (!fs.existsSync(ENGINE_CACHE)) return null;
  for (const dir of fs.readdirSync(ENGINE_CACHE).filter((d) => d.startsWith('build-'))) {
    const bin = path.join(ENGINE_CACHE, dir, 'bin', name);
    if (fs.existsSync(bin)) return bin;
  }
  return null;
}

const builtLlamaBench = () => builtTool('llama-bench');

/** LLAMA_BATCHED_BENCH_PATH, or the copy `npm run build-engine -- --llama-bench` leaves in .cache/engine. */
export function findBatchedBench(): string | null {
  const fromEnv = process.env.LLAMA_BATCHED_BENCH_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`LLAMA_BATCHED_BENCH_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return builtTool('llama-batched-bench');
}

interface BatchedBenchRow {
  pl: number;
  tg: number;
  t: number;
  speed_tg: number;
}

/**
 * llama.cpp's llama-batched-bench: `sequences` chats decoding together in one batch, each with its own prompt
 * of `prompt` tokens and `gen` generated tokens. Returns aggregate tokens/s per level.
 */
export function runBatchedBench(
  bin: string,
  modelPath: string,
  o: { threads: number; prompt: number; gen: number; levels: readonly number[]; context: number },
): Map<number, { tgTokensPerSecond: number; generatedPerWallSecond: number }> {
  const args = ['-m', modelPath, '-t', String(o.threads), '-c', String(o.context), '-b', '512', '-ub', '512'];
  args.push('-npp', String(o.prompt), '-ntg', String(o.gen), '-npl', o.levels.join(','), '-fa', 'on');
  const out = execFileSync(bin, [...args, '--output-format', 'jsonl'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rows = out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as BatchedBenchRow);
  if (rows.length !== o.levels.length) throw new Error(`unexpected llama-batched-bench output: ${out.slice(0, 300)}`);
  // generatedPerWallSecond: generated tokens over prompt + generation time, what bench/parallel times for node.
  return new Map(
    rows.map((r) => [r.pl, { tgTokensPerSecond: r.speed_tg, generatedPerWallSecond: (r.pl * r.tg) / r.t }]),
  );
}

/** LLAMA_BENCH_PATH wins; otherwise the copy in .cache/engine, built (slowly, once) when missing. */
export function resolveLlamaBench(): string {
  const fromEnv = process.env.LLAMA_BENCH_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`LLAMA_BENCH_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const existing = builtLlamaBench();
  if (existing) return existing;
  console.log('building llama-bench from the bundled llama.cpp (once; takes a while)...');
  const build = spawnSync('npx', ['tsx', 'scripts/build-engine.ts', '--llama-bench', '--no-install'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const built = builtLlamaBench();
  if (build.status !== 0 || !built) throw new Error('could not build llama-bench (see the output above)');
  return built;
}

interface LlamaBenchRow {
  n_prompt: number;
  n_gen: number;
  avg_ts: number;
}

/** One llama-bench invocation (-r 1, its own warm-up): pp<prompt> and tg<gen> at depth 0. */
export function runLlamaBench(bin: string, modelPath: string, threads: number, prompt: number, gen: number) {
  const args = ['-m', modelPath, '-t', String(threads), '-p', String(prompt), '-n', String(gen)];
  const out = execFileSync(bin, [...args, '-r', '1', '-fa', '1', '-b', '512', '-ub', '512', '-o', 'json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rows = JSON.parse(out) as LlamaBenchRow[];
  const pp = rows.find((r) => r.n_prompt === prompt && r.n_gen === 0);
  const tg = rows.find((r) => r.n_gen === gen && r.n_prompt === 0);
  if (!pp || !tg) throw new Error(`unexpected llama-bench output: ${out.slice(0, 300)}`);
  return { ppTokensPerSecond: pp.avg_ts, tgTokensPerSecond: tg.avg_ts } satisfies LlamaBenchResult;
}
