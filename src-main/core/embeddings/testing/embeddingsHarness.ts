/** Test helpers: the embeddings worker from its TS source (tsx) and a generated tiny ONNX model. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestOnnx, type MakeTestOnnxOptions, type TestOnnxModel } from '../../../../scripts/lib/onnx/makeTestOnnx';
import type { Logger } from '../../ports';
import { forkSpawner } from '../../process/forkSpawner';
import { EmbeddingsClient } from '../embeddingsClient';
import type { EmbeddingModelSpec } from '../protocol';

export const EMBEDDINGS_WORKER_SOURCE = fileURLToPath(new URL('../worker/main.ts', import.meta.url));

export function createTestEmbeddings(logger: Logger, idleMs?: number): EmbeddingsClient {
  return new EmbeddingsClient({
    spawner: forkSpawner,
    worker: { modulePath: EMBEDDINGS_WORKER_SOURCE, execArgv: ['--import', 'tsx'] },
    logger,
    preference: 'auto',
    ...(idleMs ? { idleMs } : {}),
  });
}

/** Synonym groups the recall-quality tests rely on. */
export const TEST_SYNONYMS = [
  ['dog', 'puppy', 'hound'],
  ['car', 'vehicle', 'automobile'],
  ['coffee', 'espresso', 'latte'],
  ['birthday', 'born'],
] as const;

/** Words of the labelled memory set, so they tokenize as whole words. */
export const TEST_WORDS = ['drives', 'old', 'red', 'drinks', 'every', 'router', 'taped', 'under', 'wifi', 'friday'];

export function makeTestEmbeddingModel(dir: string, options: Partial<MakeTestOnnxOptions> = {}): TestOnnxModel {
  return makeTestOnnx({ dir, synonyms: TEST_SYNONYMS, words: TEST_WORDS, ...options });
}

export function onnxSpec(model: TestOnnxModel, key = 'onnx:test-embedder'): EmbeddingModelSpec {
  return {
    kind: 'onnx',
    key,
    name: path.basename(model.dir),
    modelPath: model.modelPath,
    tokenizerPath: model.tokenizerPath,
    maxLength: 128,
  };
}
