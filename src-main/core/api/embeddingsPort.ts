/** /v1/embeddings on top of core's embeddings pipeline (ONNX or llama.cpp embedders, one worker). */
import type { EmbeddingsClient } from '../embeddings/embeddingsClient';
import { MAX_TEXT_CHARS } from '../embeddings/protocol';
import type { EmbeddingModelOption } from '../memory/embeddingModels';
import type { EmbeddingsPort } from './embeddingsRoute';
import { badRequest } from './openaiErrors';

export interface EmbeddingSources {
  /** Installed embedding models (MemoryService.models()). */
  models(): EmbeddingModelOption[];
}

// The worker does not report token counts; usage is estimated at ~4 characters per token.
const estimateTokens = (texts: readonly string[]) => texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);

export function embeddingsPort(
  sources: EmbeddingSources,
  client: Pick<EmbeddingsClient, 'embed'> | null,
): EmbeddingsPort | null {
  if (!client) return null;
  return {
    models: () => sources.models().map((m) => m.id),
    async embed(modelId, texts, signal) {
      const option = sources.models().find((m) => m.id === modelId);
      if (!option) throw badRequest(`No embedding model ${modelId}`, 'model');
      const long = texts.findIndex((t) => t.length > MAX_TEXT_CHARS);
      if (long >= 0) throw badRequest(`Input ${long} is longer than ${MAX_TEXT_CHARS} characters`, 'input');
      const vectors = await client.embed(option.spec, texts, signal);
      return { vectors: vectors.map((v) => Array.from(v)), promptTokens: estimateTokens(texts) };
    },
  };
}
