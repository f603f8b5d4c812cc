/**
 * What inference promises whatever the worker is doing: a cancel or an unload takes effect within 2 s
 * (a worker that does not answer in time is killed and restarted), and a worker that dies while reading a
 * model file reports that file as unusable, not as a crash.
 */
import path from 'node:path';
import { OutpostError } from '../../../src-preload/contract/envelope';
import type { WorkerExit } from '../process/workerProtocol';

/** How long a cancelled call or an unload may go unanswered before the worker is killed. */
export const RESPONSE_DEADLINE_MS = 2_000;

/** Resolves `done`, but calls `onLate` if it is still pending `deadlineMs` after `signal` aborts. */
export async function settleAfterAbort<T>(
  done: Promise<T>,
  signal: AbortSignal | undefined,
  onLate: () => void,
  deadlineMs = RESPONSE_DEADLINE_MS,
): Promise<T> {
  if (!signal) return done;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => (timer = setTimeout(onLate, deadlineMs));
  if (signal.aborted) arm();
  else signal.addEventListener('abort', arm, { once: true });
  try {
    return await done;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', arm);
  }
}

/** Resolves `done`, calling `onLate` if it has not settled within `deadlineMs`. */
export async function settleWithin<T>(
  done: Promise<T>,
  onLate: () => void,
  deadlineMs = RESPONSE_DEADLINE_MS,
): Promise<T> {
  const timer = setTimeout(onLate, deadlineMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Signals native code raises on a file it cannot handle (GGML_ASSERT → abort, bad reads → SEGV/BUS/FPE). */
const NATIVE_FAILURES = new Set(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGTRAP']);

/**
 * A worker that died reading a model (estimate or load) failed on that file: `invalid_model` naming it.
 * SIGKILL (the OOM killer, or us) and a clean exit keep meaning a crash.
 */
export function modelFileCrashError(modelPath: string) {
  return (exit: WorkerExit, describe: string): Error => {
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    const native = exit.signal ? NATIVE_FAILURES.has(exit.signal) : exit.code !== null && exit.code !== 0;
    const fileName = path.basename(modelPath);
    if (!native) {
      return new OutpostError('worker_crashed', `Inference worker exited unexpectedly (${how}) during ${describe}`, {
        ...exit,
        running: describe,
      });
    }
    return new OutpostError(
      'invalid_model',
      `${fileName}: llama.cpp stopped while reading this file (${how}); it is not a model this version can run`,
      { file: modelPath, fileName, reason: 'worker_abort', ...exit },
    );
  };
}
