/**
 * Inference worker entry (built to out/main/inferenceWorker.js). Runs under utilityProcess or fork; owns
 * all llama.cpp state. Every message is validated; a bad one is answered with a typed error, never a crash.
 */
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { BackendPreference } from '../engine';
import { HostMessage, type ParsedHostMessage, PROTOCOL_VERSION, salvageCallId, type WorkerMessage } from '../protocol';
import { connectToParent } from './channel';
import { describeError, toErrorInfo } from './errors';
import { LlamaRuntime, type WorkerLog } from './llamaRuntime';

const channel = connectToParent();
const send = (message: WorkerMessage) => channel.send(message);
const log: WorkerLog = (level, message, fields) =>
  send(fields ? { type: 'log', level, message, fields } : { type: 'log', level, message });

let runtime: Promise<LlamaRuntime> | null = null;
let shuttingDown = false;
/** Generations by requestId and loads by callId, so `cancel` can reach them. */
const cancellable = new Map<string, AbortController>();

function requireRuntime(): Promise<LlamaRuntime> {
  if (!runtime) throw new OutpostError('unavailable', 'Inference worker is not initialised (send init first)');
  return runtime;
}

function track(key: string): AbortController {
  if (cancellable.has(key)) throw new OutpostError('conflict', `Request ${key} is already running`);
  const controller = new AbortController();
  cancellable.set(key, controller);
  return controller;
}

/** Keeps load progress to ~1 % steps so a big model doesn't flood the channel. */
function progressReporter(callId: string): (progress: number) => void {
  let last = -1;
  return (progress) => {
    const clamped = Math.min(1, Math.max(0, progress));
    if (clamped - last < 0.01 && clamped < 1) return;
    last = clamped;
    send({ type: 'progress', callId, progress: clamped });
  };
}

async function init(callId: string, backend: BackendPreference): Promise<void> {
  runtime ??= LlamaRuntime.create(backend, log);
  const ready = await runtime.catch((error: unknown) => {
    runtime = null; // a later init may try again
    throw new OutpostError('unavailable', `llama.cpp could not start: ${describeError(error)}`);
  });
  send({
    type: 'ready',
    callId,
    protocol: PROTOCOL_VERSION,
    backend: ready.backend,
    gpu: await ready.gpuInfo(),
    pid: process.pid,
    fallbackReason: ready.fallbackReason,
  });
}

async function dispatch(message: ParsedHostMessage): Promise<unknown> {
  switch (message.type) {
    case 'init':
      return init(message.callId, message.backend);
    case 'estimate': {
      const controller = track(message.callId);
      try {
        return await (await requireRuntime()).estimate(message.model, message.options, controller.signal);
      } finally {
        cancellable.delete(message.callId);
      }
    }
    case 'load': {
      const controller = track(message.callId);
      const onProgress = progressReporter(message.callId);
      try {
        return await (await requireRuntime()).load(message.model, message.options, onProgress, controller.signal);
      } finally {
        cancellable.delete(message.callId);
      }
    }
    case 'unload':
      return { unloaded: await (await requireRuntime()).unload(message.modelId) };
    case 'generate': {
      const { request, callId } = message;
      const controller = track(request.requestId);
      try {
        return await (
          await requireRuntime()
        ).generate(request, message.functionCall, controller.signal, (delta, tokens) =>
          send({ type: 'delta', callId, requestId: request.requestId, delta, tokens }),
        );
      } finally {
        cancellable.delete(request.requestId);
      }
    }
    case 'cancel': {
      const controller = cancellable.get(message.requestId);
      controller?.abort(new OutpostError('aborted', 'Cancelled by the host'));
      return { cancelled: controller !== undefined };
    }
    case 'shutdown':
      await shutdown();
      return {};
    case 'gpuState':
      return (await requireRuntime()).gpuInfo();
  }
}

async function handle(raw: unknown): Promise<void> {
  const parsed = HostMessage.safeParse(raw);
  if (!parsed.success) {
    const callId = salvageCallId(raw);
    log('warn', 'inference worker rejected a malformed message', { callId, issues: parsed.error.issues.length });
    const error = new OutpostError('bad_request', 'Malformed message to the inference worker', parsed.error.issues);
    send({ type: 'result', callId, ok: false, error: error.toInfo() });
    return;
  }
  const message = parsed.data;
  if (shuttingDown && message.type !== 'shutdown') {
    send({
      type: 'result',
      callId: message.callId,
      ok: false,
      error: { code: 'unavailable', message: 'Shutting down' },
    });
    return;
  }
  try {
    const value = await dispatch(message);
    if (message.type !== 'init') send({ type: 'result', callId: message.callId, ok: true, value });
  } catch (error) {
    send({ type: 'result', callId: message.callId, ok: false, error: toErrorInfo(error) });
  }
}

async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const controller of cancellable.values()) controller.abort(new OutpostError('aborted', 'Worker shutting down'));
  const current = await runtime?.catch(() => null);
  await current?.dispose().catch((error: unknown) => log('warn', `dispose failed: ${describeError(error)}`));
  // Let the result message leave before the process does.
  setTimeout(() => process.exit(0), 20);
}

channel.onMessage((message) => void handle(message));
channel.onDisconnect(() => void shutdown());
process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${describeError(reason)}`));
process.on('uncaughtException', (error) => {
  log('error', `uncaught exception: ${describeError(error)}`);
  // State may be corrupt; exit so the host restarts a clean worker.
  setTimeout(() => process.exit(70), 20);
});
