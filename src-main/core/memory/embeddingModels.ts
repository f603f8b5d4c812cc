/**
 * Embedding models Outpost can use: ONNX exports downloaded from the catalog (embeddings/<model>/ holds the
 * .onnx file and its tokenizer.json) and installed GGUF models through llama.cpp.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EmbeddingModelSpec } from '../embeddings/protocol';

export interface EmbeddingModelOption {
  id: string;
  name: string;
  runtime: 'onnx' | 'llama.cpp';
  spec: EmbeddingModelSpec;
}

export interface GgufModelInfo {
  id: string;
  name: string;
  path: string;
  sizeBytes: number;
}

const DEFAULT_MAX_LENGTH = 256;

export function findEmbeddingModels(
  embeddingsDir: string,
  gguf: readonly GgufModelInfo[] = [],
): EmbeddingModelOption[] {
  const options: EmbeddingModelOption[] = [];
  for (const folder of safeList(embeddingsDir).sort()) {
    const dir = path.join(embeddingsDir, folder);
    const files = safeList(dir);
    const tokenizer = files.find((f) => f.endsWith('tokenizer.json'));
    if (!tokenizer) continue;
    for (const file of files.filter((f) => f.endsWith('.onnx')).sort()) {
      const modelPath = path.join(dir, file);
      const id = `onnx:${folder}/${file}`;
      const size = safeSize(modelPath);
      if (size === null) continue;
      options.push({
        id,
        name: files.filter((f) => f.endsWith('.onnx')).length > 1 ? `${folder} (${file})` : folder,
        runtime: 'onnx',
        spec: {
          kind: 'onnx',
          key: `${id}#${size}`,
          name: folder,
          modelPath,
          tokenizerPath: path.join(dir, tokenizer),
          maxLength: maxLengthOf(dir, files),
        },
      });
    }
  }
  for (const model of gguf) {
    const id = `gguf:${model.id}`;
    options.push({
      id,
      name: `${model.name} (llama.cpp)`,
      runtime: 'llama.cpp',
      spec: { kind: 'gguf', key: `${id}#${model.sizeBytes}`, name: model.name, modelPath: model.path },
    });
  }
  return options;
}

const ModelConfig = z.object({ max_position_embeddings: z.number().int().min(8).optional() });

/** max_position_embeddings from the model's config.json, capped where attention cost stops paying off. */
function maxLengthOf(dir: string, files: string[]): number {
  const config = files.find((f) => f.endsWith('config.json') && !f.endsWith('tokenizer_config.json'));
  if (!config) return DEFAULT_MAX_LENGTH;
  try {
    const parsed = ModelConfig.safeParse(JSON.parse(readFileSync(path.join(dir, config), 'utf8')));
    const max = parsed.success ? parsed.data.max_position_embeddings : undefined;
    return max === undefined ? DEFAULT_MAX_LENGTH : Math.min(max, 512);
  } catch {
    return DEFAULT_MAX_LENGTH;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeSize(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** Installed GGUF files that are embedding models by name (chat models make poor, slow embedders). */
export function embeddingGgufModels(
  installed: readonly { id: string; fileName: string; path: string; sizeBytes: number; problem: string | null }[],
): GgufModelInfo[] {
  return installed
    .filter((m) => m.problem === null && /embed|bge|minilm|e5-|gte|nomic/i.test(m.fileName))
    .map((m) => ({ id: m.id, name: m.fileName.replace(/\.gguf$/i, ''), path: m.path, sizeBytes: m.sizeBytes }));
}
