/** GGUF embedding models through node-llama-cpp's embedding context, behind the same LoadedModel surface. */
import { getLlama, type Llama, type LlamaEmbeddingContext, LlamaLogLevel, type LlamaModel } from 'node-llama-cpp';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { EmbeddingModelSpec } from '../protocol';
import { l2Normalize } from './pooling';
import { describeError, type LoadedModel, type WorkerLog } from './loadedModel';

type GgufSpec = Extract<EmbeddingModelSpec, { kind: 'gguf' }>;

let llamaPromise: Promise<Llama> | null = null;

function llamaFor(log: WorkerLog): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: 'auto',
    build: 'never',
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
    logger: (_level, message) => message.trim() && log('warn', message.trim()),
  }).catch((error: unknown) => {
    llamaPromise = null;
    throw error;
  });
  return llamaPromise;
}

export class LlamaEmbeddingModel implements LoadedModel {
  readonly fallbackReason = null;

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
    readonly dimensions: number,
    readonly provider: 'llama-cpu' | 'llama-gpu',
  ) {}

  static async load(spec: GgufSpec, log: WorkerLog): Promise<LlamaEmbeddingModel> {
    try {
      const llama = await llamaFor(log);
      const model = await llama.loadModel({ modelPath: spec.modelPath, gpuLayers: llama.gpu ? 'auto' : 0 });
      const context = await model.createEmbeddingContext({
        contextSize: Math.min(model.trainContextSize, 2048),
        threads: 1,
      });
      const provider = llama.gpu ? 'llama-gpu' : 'llama-cpu';
      return new LlamaEmbeddingModel(model, context, model.embeddingVectorSize, provider);
    } catch (error) {
      throw new OutpostError(
        'invalid_model',
        `Embedding model ${spec.name} failed to load in llama.cpp: ${describeError(error)}`,
        {
          model: spec.name,
        },
      );
    }
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const text of texts) {
      const embedding = await this.context.getEmbeddingFor(text);
      out.push(l2Normalize(Float32Array.from(embedding.vector)));
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
