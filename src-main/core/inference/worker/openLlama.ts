/** Opens the worker's one Llama instance on the preferred backend, falling back to the CPU when it is missing. */
import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp';
import type { BackendPreference } from '../protocol';
import { describeError } from './errors';
import { LlamaLogTail } from './llamaLogTail';

export type WorkerLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export interface OpenedLlama {
  llama: Llama;
  /** Why the preferred GPU backend was not used, or null. */
  fallbackReason: string | null;
  /** llama.cpp's recent error lines, attached to a failed load's error. */
  errorLog: LlamaLogTail;
}

export async function openLlama(preference: BackendPreference, log: WorkerLog): Promise<OpenedLlama> {
  const errorLog = new LlamaLogTail();
  const open = (gpu: 'auto' | 'metal' | 'cuda' | 'vulkan' | false) =>
    getLlama({
      gpu,
      // Prebuilt or local binaries only: never download llama.cpp sources or compile at runtime.
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (!text) return;
        const isError = level === LlamaLogLevel.error || level === LlamaLogLevel.fatal;
        if (isError) errorLog.record(text);
        log(isError ? 'error' : 'warn', text);
      },
    });
  let llama: Llama;
  let fallbackReason: string | null = null;
  if (preference === 'auto' || preference === 'cpu') {
    llama = await open(preference === 'auto' ? 'auto' : false);
  } else {
    try {
      llama = await open(preference);
    } catch (error) {
      fallbackReason = `${preference} backend unavailable (${describeError(error)}); using the CPU`;
      log('warn', fallbackReason);
      llama = await open(false);
    }
  }
  // node-llama-cpp lets CPU contexts use max(4, cores) threads; on small machines that oversubscribes.
  if (llama.gpu === false) llama.maxThreads = Math.max(1, llama.cpuMathCores);
  return { llama, fallbackReason, errorLog };
}
