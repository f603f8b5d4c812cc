/**
 * Inference worker entry (built to out/main/inferenceWorker.js). Runs under utilityProcess or fork; owns
 * all llama.cpp state. process/worker/serveWorker validates every message and answers it exactly once.
 */
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { type CallContext, serveWorker } from '../../process/worker/serveWorker';
import type { WorkerLog } from '../../process/worker/workerErrors';
import {
  type BackendPreference,
  type DeltaEvent,
  HostMessage,
  type ParsedHostMessage,
  type PromptCacheConfig,
  PROTOCOL_VERSION,
  type ReadyValue,
} from '../protocol';
import { describeError } from './errors';
import { LlamaRuntime } from './llamaRuntime';

serveWorker('inference worker', HostMessage, (log) => {
  let runtime: Promise<LlamaRuntime> | null = null;
  /** Generations by requestId and loads/estimates by callId, so `cancel` can reach them. */
  const cancellable = new Map<string, AbortController>();

  function requireRuntime(): Promise<LlamaRuntime> {
    if (!runtime) throw new OutpostError('unavailable', 'Inference worker is not initialised (send init first)');
    return runtime;
  }

  /** Runs `work` with an AbortController that a `cancel` for `key` reaches. */
  async function cancellableRun<T>(key: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (cancellable.has(key)) throw new OutpostError('conflict', `Request ${key} is already running`);
    const controller = new AbortController();
    cancellable.set(key, controller);
    try {
      return await work(controller.signal);
    } finally {
      cancellable.delete(key);
    }
  }

  /** Keeps load progress to ~1 % steps so a big model doesn't flood the channel. */
  function progressReporter(call: CallContext): (progress: number) => void {
    let last = -1;
    return (progress) => {
      if (progress - last < 0.01 && progress < 1) return;
      last = progress;
      call.progress(progress);
    };
  }

  async function init(backend: BackendPreference, promptCache: PromptCacheConfig | null): Promise<ReadyValue> {
    runtime ??= LlamaRuntime.create(backend, log satisfies WorkerLog, promptCache);
    const ready = await runtime.catch((error: unknown) => {
      runtime = null; // a later init may try again
      throw new OutpostError('unavailable', `llama.cpp could not start: ${describeError(error)}`);
    });
    return {
      protocol: PROTOCOL_VERSION,
      backend: ready.backend,
      gpu: await ready.gpuInfo(),
      pid: process.pid,
      fallbackReason: ready.fallbackReason,
      engine: ready.engine(),
    };
  }

  async function handle(message: ParsedHostMessage, call: CallContext): Promise<unknown> {
    switch (message.type) {
      case 'init':
        return init(message.backend, message.promptCache);
      case 'estimate':
        return cancellableRun(message.callId, async (signal) =>
          (await requireRuntime()).estimate(message.model, message.options, signal),
        );
      case 'load':
        return cancellableRun(message.callId, async (signal) =>
          (await requireRuntime()).load(message.model, message.options, progressReporter(call), signal),
        );
      case 'unload':
        return { unloaded: await (await requireRuntime()).unload(message.modelId) };
      case 'generate': {
        const { request } = message;
        return cancellableRun(request.requestId, async (signal) =>
          (await requireRuntime()).generate(request, message.functionCall, signal, (delta, tokens, callDelta) =>
            call.event({
              requestId: request.requestId,
              delta,
              tokens,
              ...(callDelta ? { call: callDelta } : {}),
            } satisfies DeltaEvent),
          ),
        );
      }
      case 'warm': {
        const { request } = message;
        return cancellableRun(request.requestId, async (signal) => (await requireRuntime()).warm(request, signal));
      }
      case 'cancel': {
        const controller = cancellable.get(message.requestId);
        controller?.abort(new OutpostError('aborted', 'Cancelled by the host'));
        return { cancelled: controller !== undefined };
      }
      case 'gpuState':
        return (await requireRuntime()).gpuInfo();
      case 'promptCache':
        return (await requireRuntime()).promptCacheStats(message.budgetBytes);
      case 'promptCacheClear':
        return (await requireRuntime()).clearPromptCache();
    }
  }

  return {
    handle,
    async dispose() {
      for (const controller of cancellable.values())
        controller.abort(new OutpostError('aborted', 'Worker shutting down'));
      const current = await runtime?.catch(() => null);
      await current?.dispose();
    },
  };
});
