/**
 * Installed cross-encoder rerankers: ONNX exports (ms-marco-MiniLM, bge-reranker, …) in `<dataDir>/rerankers/<name>/`,
 * each folder holding the .onnx file and its tokenizer.json. Kept apart from embedding models, whose folder
 * lists only models that embed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RerankerSpec } from '../embeddings/protocol';

const DEFAULT_MAX_LENGTH = 512;
const ModelConfig = z.object({ max_position_embeddings: z.number().int().min(8).optional() });

export function rerankersDirOf(dataDir: string): string {
  return path.join(dataDir, 'rerankers');
}

/** Every usable reranker, by folder name; the first is the one search uses. */
export function findRerankers(dir: string): RerankerSpec[] {
  const out: RerankerSpec[] = [];
  for (const folder of list(dir).sort()) {
    const files = list(path.join(dir, folder));
    const tokenizer = files.find((f) => f.endsWith('tokenizer.json'));
    const onnx = files.filter((f) => f.endsWith('.onnx')).sort()[0];
    if (!tokenizer || !onnx) continue;
    const modelPath = path.join(dir, folder, onnx);
    let size: number;
    try {
      size = statSync(modelPath).size;
    } catch {
      continue;
    }
    out.push({
      key: `reranker:${folder}/${onnx}#${size}`,
      name: folder,
      modelPath,
      tokenizerPath: path.join(dir, folder, tokenizer),
      maxLength: maxLengthOf(path.join(dir, folder), files),
    });
  }
  return out;
}

/** The reranker named in the settings (its folder), else the first installed; null when none is. */
export function pickReranker(installed: readonly RerankerSpec[], name: string): RerankerSpec | null {
  return installed.find((spec) => spec.name === name) ?? installed[0] ?? null;
}

/** max_position_embeddings from config.json, capped at 512 (longer pairs cost more than they add). */
function maxLengthOf(dir: string, files: string[]): number {
  const config = files.find((f) => f.endsWith('config.json') && !f.endsWith('tokenizer_config.json'));
  if (!config) return DEFAULT_MAX_LENGTH;
  try {
    const parsed = ModelConfig.safeParse(JSON.parse(readFileSync(path.join(dir, config), 'utf8')));
    return Math.min(
      parsed.success ? (parsed.data.max_position_embeddings ?? DEFAULT_MAX_LENGTH) : DEFAULT_MAX_LENGTH,
      512,
    );
  } catch {
    return DEFAULT_MAX_LENGTH;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
