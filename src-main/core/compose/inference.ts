/** The local llama.cpp engine (core/inference), following the backend and prompt-cache budget settings. */
import path from 'node:path';
import type { InferenceEngine } from '../inference/engine';
import { createInferenceEngine } from '../inference/inferenceClient';
import type { CoreBase } from './coreBase';

const promptCacheBytes = (settings: { promptCacheMegabytes: number }) => settings.promptCacheMegabytes * 1024 * 1024;

export function composeInference({ ports, settings, events, logger, clock }: CoreBase): InferenceEngine {
  let currentBackend = settings.get().inferenceBackend;
  const promptCacheDir = path.join(ports.paths.dataDir, 'prompt-cache');
  const engine = createInferenceEngine({
    spawner: ports.spawner,
    workerPath: ports.workers.inference.modulePath,
    execArgv: ports.workers.inference.execArgv,
    logger,
    backend: currentBackend,
    clock,
    promptCache: () => ({ dir: promptCacheDir, budgetBytes: promptCacheBytes(settings.get()) }),
  });
  engine.onStatus((status) => events.emit('inference.status', status));
  let currentPromptCacheBytes = promptCacheBytes(settings.get());
  settings.onChange((next) => {
    if (promptCacheBytes(next) !== currentPromptCacheBytes) {
      currentPromptCacheBytes = promptCacheBytes(next);
      void engine.promptCache?.(currentPromptCacheBytes).catch((error: unknown) => {
        logger.warn('prompt cache budget not applied', { error: String(error) });
      });
    }
    if (next.inferenceBackend === currentBackend) return;
    currentBackend = next.inferenceBackend;
    void engine
      .setBackend(currentBackend)
      .catch((error: unknown) => logger.error('backend switch failed', { error: String(error) }));
  });
  return engine;
}
