/** POST /v1/embeddings against whatever embeddings backend core has (none → a clear OpenAI-shaped error). */
import type { Context } from 'hono';
import type { ApiEnv } from './apiEnv';
import { ApiError, modelNotFound } from './openaiErrors';
import type { EmbeddingsRequest } from './openaiSchemas';

/** What the API needs from core's embeddings pipeline. */
export interface EmbeddingsPort {
  /** Ids of models that can embed right now (listed by /v1/models too). */
  models(): string[];
  embed(modelId: string, texts: string[], signal: AbortSignal): Promise<{ vectors: number[][]; promptTokens: number }>;
}

export const noEmbeddingModel = () =>
  new ApiError(
    404,
    'invalid_request_error',
    'model_not_found',
    'No embedding model is available: install an embedding model (e.g. MiniLM from the Catalog) first',
    'model',
  );

function encode(vector: number[], format: 'float' | 'base64'): number[] | string {
  if (format === 'float') return vector;
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

export async function handleEmbeddings(
  c: Context<ApiEnv>,
  port: EmbeddingsPort | null,
  body: EmbeddingsRequest,
): Promise<Response> {
  const available = port?.models() ?? [];
  if (!port || available.length === 0) throw noEmbeddingModel();
  if (!available.includes(body.model)) throw modelNotFound(body.model);
  const texts = typeof body.input === 'string' ? [body.input] : body.input;
  const { vectors, promptTokens } = await port.embed(body.model, texts, c.req.raw.signal);
  const format = body.encoding_format ?? 'float';
  c.set('usage', { promptTokens, completionTokens: 0 });
  return c.json({
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector, format) })),
    model: body.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
