/**
 * Automatic CPU thread count: on small machines node-llama-cpp's stock binary often decodes faster with
 * fewer threads (it spawns and joins an OS thread per token), so 'auto' is measured once per model,
 * machine and binary — a few interleaved decodes per candidate — and cached on disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Llama, LlamaContext, LlamaModel, Token } from 'node-llama-cpp';

/** Overridable so tests and packaged apps can choose where the cache lives. */
export const THREAD_CACHE_FILE =
  process.env.OUTPOST_THREAD_CACHE ?? path.join(os.tmpdir(), 'outpost', 'thread-calibration.json');
const DECODES_PER_ROUND = 6;
/** On a machine too busy to measure, keep node-llama-cpp's default rather than hold the load up. */
export const CALIBRATION_BUDGET_MS = 3000;
/** A candidate with fewer threads wins unless the larger one is clearly faster (frees a core for the UI). */
const CLEARLY_FASTER = 0.97;

export function threadCandidates(mathCores: number): number[] {
  const cores = Math.max(1, Math.floor(mathCores));
  if (cores <= 4) return Array.from({ length: cores }, (_, i) => i + 1);
  return [...new Set([1, Math.ceil(cores / 4), Math.ceil(cores / 2), cores])].sort((a, b) => a - b);
}

/** Fastest candidate by total milliseconds; ties within 3 % go to fewer threads. */
export function pickThreads(totalMs: ReadonlyMap<number, number>): number {
  const sorted = [...totalMs.entries()].sort(([a], [b]) => a - b);
  if (sorted.length === 0) throw new Error('no thread candidates were measured');
  let [best, bestMs] = sorted[0]!;
  for (const [threads, ms] of sorted.slice(1)) {
    if (ms < bestMs * CLEARLY_FASTER) [best, bestMs] = [threads, ms];
  }
  return best;
}

export function calibrationKey(modelPath: string, llama: Pick<Llama, 'buildType' | 'cpuMathCores'>): string {
  const stat = fs.statSync(modelPath);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown-cpu';
  return [path.resolve(modelPath), stat.size, Math.round(stat.mtimeMs), cpu, llama.cpuMathCores, llama.buildType].join(
    '|',
  );
}

/** Tolerates a missing or corrupt cache: it is only ever an optimisation. */
export function readThreadCache(file = THREAD_CACHE_FILE): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) > 0),
    );
  } catch {
    return {};
  }
}

export function writeThreadCache(key: string, threads: number, file = THREAD_CACHE_FILE): void {
  const next = { ...readThreadCache(file), [key]: threads };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(next, null, 2));
  fs.renameSync(temp, file); // atomic: two workers calibrating at once never leave half a file
}

async function decode(context: LlamaContext, first: Token, count: number): Promise<void> {
  const sequence = context.getSequence();
  try {
    let decoded = 0;
    for await (const token of sequence.evaluate([first], { temperature: 0 })) {
      void token;
      if (++decoded >= count) break;
    }
  } finally {
    sequence.dispose();
  }
}

/**
 * Measures each candidate on its own small context: one untimed warm-up each, then two timed rounds in
 * opposite orders (A B, B A) so machine noise hits every candidate alike. Null when over the time budget.
 */
export async function measureThreads(
  model: LlamaModel,
  candidates: number[],
  signal: AbortSignal,
  budgetMs = CALIBRATION_BUDGET_MS,
): Promise<number | null> {
  const first = model.tokenize('Calibrating threads.')[0] ?? (0 as Token);
  const contexts: [number, LlamaContext][] = [];
  const totals = new Map<number, number>(candidates.map((t) => [t, 0]));
  const begun = performance.now();
  try {
    for (const threads of candidates) {
      const context = await model.createContext({ contextSize: 128, sequences: 1, threads, createSignal: signal });
      contexts.push([threads, context]);
      await decode(context, first, 2);
      if (performance.now() - begun > budgetMs) return null;
    }
    for (const order of [contexts, [...contexts].reverse()]) {
      for (const [threads, context] of order) {
        signal.throwIfAborted();
        if (performance.now() - begun > budgetMs) return null;
        const started = performance.now();
        await decode(context, first, DECODES_PER_ROUND);
        totals.set(threads, totals.get(threads)! + performance.now() - started);
      }
    }
  } finally {
    await Promise.all(contexts.map(([, context]) => context.dispose()));
  }
  return pickThreads(totals);
}

/**
 * Cached thread count for this model on this machine and binary, measured on first use; undefined
 * (node-llama-cpp's default) when the machine was too busy to measure — the next load tries again.
 */
export async function chooseThreads(
  llama: Llama,
  model: LlamaModel,
  modelPath: string,
  signal: AbortSignal,
): Promise<number | undefined> {
  const candidates = threadCandidates(llama.cpuMathCores);
  if (candidates.length === 1) return candidates[0]!;
  const key = calibrationKey(modelPath, llama);
  const cached = readThreadCache()[key];
  if (cached !== undefined && candidates.includes(cached)) return cached;
  const threads = await measureThreads(model, candidates, signal);
  if (threads === null) return undefined;
  writeThreadCache(key, threads);
  return threads;
}
