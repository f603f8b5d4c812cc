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

function builtLlamaBench(): string | null {
  if (!fs.existsSync(ENGINE_CACHE)) return null;
  for (const dir of fs.readdirSync(ENGINE_CACHE).filter((d) => d.startsWith('build-'))) {
    const bin = path.join(ENGINE_CACHE, dir, 'bin', 'llama-bench');
    if (fs.existsSync(bin)) return bin;
  }
  return null;
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
