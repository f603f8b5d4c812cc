/**
 * One node's OpenAI-compatible client (the `openai` package, loaded on first use): model list and streaming chat.
 * Every request goes through the network guard's fetch for this node; the key is sent only to this node.
 */
import type OpenAI from 'openai';
import type * as OpenAIModule from 'openai';
import type { StoredNode } from './nodeStore';

export interface NodeConnection {
  node: StoredNode;
  apiKey: string | null;
  /** The guard's fetch for this node's purpose (internet / LAN / LAN allowed offline). */
  fetch: typeof fetch;
}

/** A bare host means the usual OpenAI path; anything with a path is used as given. */
export function apiBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1';
  return url.href.replace(/\/+$/, '');
}

let openaiModule: Promise<typeof OpenAIModule> | null = null;

export async function openaiClient(conn: NodeConnection, timeoutMs: number): Promise<OpenAI> {
  openaiModule ??= import('openai');
  const { default: OpenAIClient } = await openaiModule;
  return new OpenAIClient({
    baseURL: apiBaseUrl(conn.node.baseUrl),
    // Servers without auth ignore it; the client library insists on a value.
    apiKey: conn.apiKey ?? 'no-key',
    fetch: conn.fetch,
    // Failover and the breaker decide about retries; the library must not retry behind their back.
    maxRetries: 0,
    timeout: timeoutMs,
    // Failures reach the caller as typed errors; the library's own console output would only be noise.
    logLevel: 'off',
  });
}

/** What /v1/models says about one model, with the context size when the server reports it. */
export interface ListedNodeModel {
  id: string;
  contextSize: number | null;
}

export async function listNodeModels(
  conn: NodeConnection,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<ListedNodeModel[]> {
  const client = await openaiClient(conn, timeoutMs);
  const models: ListedNodeModel[] = [];
  for await (const model of client.models.list({ signal })) {
    models.push({ id: model.id, contextSize: contextSizeOf(model) });
  }
  return models;
}

/** llama-server: meta.n_ctx_train / n_ctx; vLLM: max_model_len; Ollama and Outpost say nothing. */
function contextSizeOf(model: object): number | null {
  const m = model as { max_model_len?: unknown; meta?: { n_ctx?: unknown; n_ctx_train?: unknown } };
  for (const value of [m.max_model_len, m.meta?.n_ctx, m.meta?.n_ctx_train]) {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return null;
}
