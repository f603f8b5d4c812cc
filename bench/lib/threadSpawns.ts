/**
 * OS threads created per generated token, counted with `strace -f -c -e trace=clone,clone3`: the symptom
 * the threadpool patch removes. Two runs per engine (16 and 80 tokens) so load and warm-up cancel out.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHILD = path.join(import.meta.dirname, 'engineChild.ts');
const SHORT = 16;
const LONG = 80;

export function straceAvailable(): boolean {
  return process.platform === 'linux' && spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

function cloneCalls(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const out = path.join(os.tmpdir(), `outpost-strace-${process.pid}-${Date.now()}.txt`);
  try {
    const run = spawnSync('strace', ['-f', '-qq', '-c', '-e', 'trace=clone,clone3', '-o', out, cmd, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`strace ${path.basename(cmd)} failed: ${run.stderr.slice(-500)}`);
    // Summary rows: "% time  seconds  usecs/call  calls  [errors]  syscall"
    return fs
      .readFileSync(out, 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols.at(-1) === 'clone' || cols.at(-1) === 'clone3')
      .reduce((sum, cols) => sum + Number(cols[3]), 0);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

export function nodeClonesPerToken(modelPath: string, threads: number, env: Record<string, string>): number {
  const calls = (tokens: number) =>
    cloneCalls(process.execPath, ['--import', 'tsx', CHILD], {
      ...process.env,
      BENCH_MODEL: modelPath,
      BENCH_THREADS: String(threads),
      BENCH_ONESHOT_TG: String(tokens),
      ...env,
    });
  return (calls(LONG) - calls(SHORT)) / (LONG - SHORT);
}

export function llamaBenchClonesPerToken(bin: string, modelPath: string, threads: number): number {
  const calls = (tokens: number) =>
    cloneCalls(bin, ['-m', modelPath, '-t', String(threads), '-p', '0', '-n', String(tokens), '-r', '1'], process.env);
  return (calls(LONG) - calls(SHORT)) / (LONG - SHORT);
}
