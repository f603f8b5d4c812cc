/** POST /v1/embeddings against whatever embeddings backend core has (none → a clear OpenAI-shaped error). */
import type { Context } from 'hono';
import type { ApiEnv } from './apiEnv';
import { ApiError, badRequest, modelNotFound } from './openaiErrors';
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

/** Token-id inputs are decoded as cl100k_base ids (what OpenAI clients such as LangChain tokenize with). */
async function textsOf(input: EmbeddingsRequest['input']): Promise<string[]> {
  if (typeof input === 'string') return [input];
  if (input.every((item) => typeof item === 'string')) return input as string[];
  const lists = (typeof input[0] === 'number' ? [input] : input) as number[][];
  // Loaded on first use: the rank table is large and most clients send text.
  const [{ Tiktoken }, { default: ranks }] = await Promise.all([
    import('js-tiktoken/lite'),
    import('js-tiktoken/ranks/cl100k_base'),
  ]);
  const encoding = new Tiktoken(ranks);
  return lists.map((ids, i) => {
    try {
      return encoding.decode(ids);
    } catch {
      throw badRequest(`input ${i} holds token ids that are not cl100k_base tokens`, 'input');
    }
  });
}

/** OpenAI's `dimensions`: the leading components, scaled back to unit length (as for Matryoshka embeddings). */
function shorten(vectors: number[][], dimensions: number): number[][] {
  return vectors.map((vector) => {
    if (dimensions > vector.length) {
      throw badRequest(`dimensions must be at most ${vector.length} for this model`, 'dimensions');
    }
    const head = vector.slice(0, dimensions);
    const norm = Math.hypot(...head) || 1;
    return head.map((x) => x / norm);
  });
}

export async function handleEmbeddings(
  c: Context<ApiEnv>,
  port: EmbeddingsPort | null,
  body: EmbeddingsRequest,
): Promise<Response> {
  const available = port?.models() ?? [];
  if (!port || available.length === 0) throw noEmbeddingModel();
  if (!available.includes(body.model)) throw modelNotFound(body.model);
  const texts = await textsOf(body.input);
  const embedded = await port.embed(body.model, texts, c.req.raw.signal);
  const vectors = body.dimensions === undefined ? embedded.vectors : shorten(embedded.vectors, body.dimensions);
  const promptTokens = embedded.promptTokens;
  const format = body.encoding_format ?? 'float';
  c.set('usage', { promptTokens, completionTokens: 0 });
  return c.json({
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector, format) })),
    model: body.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
