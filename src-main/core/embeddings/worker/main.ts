/**
 * Embeddings worker entry (built to out/main/embeddingsWorker.js). Owns every ONNX Runtime session and
 * llama.cpp embedding context; loaded models are cached by key until the host unloads them or goes idle.
 * Imports are relative: tsx does not resolve the @contract alias in a forked worker.
 */
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { serveWorker } from '../../process/worker/serveWorker';
import { type EmbeddingModelSpec, type ExecutionProviderPreference, HostMessage, type RerankerSpec } from '../protocol';
import { CrossEncoder } from './crossEncoder';
import { describeError, type LoadedModel } from './loadedModel';
import { LlamaEmbeddingModel } from './llamaModel';
import { availableOnnxProviders, OnnxModel } from './onnxModel';

serveWorker('embeddings worker', HostMessage, (log) => {
  let preference: ExecutionProviderPreference = 'auto';
  const models = new Map<string, Promise<LoadedModel>>();
  // One reranker at a time, beside the embedding model; loaded on its first rerank call.
  let reranker: { key: string; model: Promise<CrossEncoder> } | null = null;

  async function rerankerFor(spec: RerankerSpec): Promise<CrossEncoder> {
    if (reranker?.key === spec.key) return reranker.model;
    const previous = reranker;
    const model = CrossEncoder.load(spec, preference, log);
    reranker = { key: spec.key, model };
    model.catch(() => {
      if (reranker?.model === model) reranker = null; // a failed load may be retried
    });
    await (await previous?.model.catch(() => null))?.dispose();
    return model;
  }

  function load(spec: EmbeddingModelSpec): Promise<LoadedModel> {
    let pending = models.get(spec.key);
    if (!pending) {
      pending = spec.kind === 'onnx' ? OnnxModel.load(spec, preference, log) : LlamaEmbeddingModel.load(spec, log);
      models.set(spec.key, pending);
      pending.catch(() => models.delete(spec.key)); // a failed load may be retried
    }
    return pending;
  }

  async function loaded(key: string): Promise<LoadedModel> {
    const model = models.get(key);
    if (!model) throw new OutpostError('not_loaded', `Embedding model ${key} is not loaded`);
    return model;
  }

  async function unload(key: string): Promise<boolean> {
    const model = models.get(key);
    models.delete(key);
    if (!model) return false;
    await (await model.catch(() => null))?.dispose();
    return true;
  }

  return {
    async handle(message) {
      switch (message.type) {
        case 'init':
          preference = message.provider;
          return { pid: process.pid, availableProviders: availableOnnxProviders() };
        case 'load': {
          const model = await load(message.model);
          const { dimensions, provider, fallbackReason } = model;
          return { key: message.model.key, dimensions, provider, fallbackReason };
        }
        case 'embed':
          return { vectors: await (await loaded(message.modelKey)).embed(message.texts) };
        case 'unload':
          return { unloaded: await unload(message.modelKey) };
        case 'rerank': {
          const model = await rerankerFor(message.model);
          return { scores: await model.score(message.query, message.texts), provider: model.provider };
        }
      }
    },
    async dispose() {
      await (await reranker?.model.catch(() => null))?.dispose();
      for (const key of [...models.keys()]) {
        await unload(key).catch((error: unknown) => log('warn', `dispose of ${key} failed: ${describeError(error)}`));
      }
    },
  };
});
