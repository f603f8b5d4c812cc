/** Test helpers: a real worker process from the TS sources (tsx) and tiny generated models. */
import { fileURLToPath } from 'node:url';
import { makeTestModel } from '../../../../scripts/test-model/make-test-model';
import { GenerateRequest } from '../../../../src-preload/contract/inference';
import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from '../../../../src-preload/contract/models';
import type { Logger } from '../../ports';
import { forkSpawner } from '../../process/forkSpawner';
import type { InferenceEngine } from '../engine';
import { createInferenceEngine, type InferenceEngineOptions } from '../inferenceClient';

export const WORKER_SOURCE = fileURLToPath(new URL('../worker/main.ts', import.meta.url));
export const TSX_EXEC_ARGV = ['--import', 'tsx'];

export interface CapturedLog {
  level: keyof Logger;
  message: string;
}

export function captureLogger(sink: CapturedLog[] = []): Logger & { entries: CapturedLog[] } {
  const push = (level: keyof Logger) => (message: string) => void sink.push({ level, message });
  return { entries: sink, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export function createTestEngine(
  logger: Logger = captureLogger(),
  extra: Pick<InferenceEngineOptions, 'promptCache'> = {},
): InferenceEngine {
  return createInferenceEngine({
    ...extra,
    spawner: forkSpawner,
    workerPath: WORKER_SOURCE,
    execArgv: TSX_EXEC_ARGV,
    logger,
    backend: 'cpu',
    restartPolicy: { initialDelayMs: 100, maxDelayMs: 1_000, maxCrashesPerWindow: 3, windowMs: 60_000 },
  });
}

export const tinyModelPath = (seed = 1) => makeTestModel({ shape: 'tiny', type: 'Q8_0', seed });

/** One thread: tests share 2 cores and ggml's spinning threads crawl when oversubscribed. */
export function testLoadOptions(overrides: Partial<LoadOptions> = {}): LoadOptions {
  // Prompt lookup (on by default) evaluates predicted tokens in bigger batches, and random weights' near-tied
  // logits then pick other tokens: tests comparing two paths' greedy text keep it off (speculative tests opt in).
  const speculative = { ...DEFAULT_LOAD_OPTIONS.speculative, inputLookup: false };
  return { ...DEFAULT_LOAD_OPTIONS, contextSize: 512, threads: 1, parallelSequences: 2, speculative, ...overrides };
}

let requestCounter = 0;
export function chatRequest(modelId: string, input: Partial<Omit<GenerateRequest, 'modelId'>> = {}): GenerateRequest {
  return GenerateRequest.parse({
    requestId: `req-${++requestCounter}`,
    modelId,
    messages: [{ role: 'user', content: 'Say something.' }],
    ...input,
  });
}

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
