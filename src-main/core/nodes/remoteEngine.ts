/**
 * Generation on a remote node: the same `generate(request, { signal, onDelta })` shape as the local engine. Tool
 * calls come back as `functionCalls`, never executed here: the agent runtime runs them with permissions and audit.
 * A failure after text streamed is a typed `node_unavailable` carrying that text, so callers never retry it blindly.
 */
import { type OutpostError, type FunctionCall, type GenerateRequest, type GenerateResult } from '@contract';
import type { Clock } from '../ports';
import { classifyNodeError, nodeUnavailable } from './nodeErrors';
import { openaiClient, type NodeConnection } from './nodeClient';
import { toRemoteRequest, ToolCallCollector } from './remoteRequest';

export interface RemoteGenerateOptions {
  signal: AbortSignal;
  onDelta?: (delta: string, tokens: number) => void;
}

export interface RemoteTimeouts {
  /** Until the node sends response headers (a queued or dead server). */
  headersMs: number;
  /** Longest silence between two stream chunks. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: RemoteTimeouts = { headersMs: 30_000, idleMs: 60_000 };

/** Thrown out of generate: the typed error plus what the pool/breaker need to know. */
export class RemoteGenerateError extends Error {
  constructor(
    readonly error: OutpostError,
    readonly nodeFault: boolean,
    /** Text (or call fragments) reached the caller: failing over would repeat or contradict it. */
    readonly streamed: boolean,
    readonly headersMs: number | null,
  ) {
    super(error.message);
  }
}

export interface RemoteResult {
  result: GenerateResult;
  headersMs: number;
}

export async function generateRemote(
  conn: NodeConnection,
  model: string,
  request: GenerateRequest,
  options: RemoteGenerateOptions,
  clock: Clock,
  timeouts: RemoteTimeouts = DEFAULT_TIMEOUTS,
): Promise<RemoteResult> {
  const body = toRemoteRequest(request, model);
  const startedAt = clock.now();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) controller.abort();
  let timedOut: string | null = null;
  let timer = setTimeout(() => {
    timedOut = `no response headers within ${timeouts.headersMs} ms`;
    controller.abort();
  }, timeouts.headersMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = `the stream stalled for ${timeouts.idleMs} ms`;
      controller.abort();
    }, timeouts.idleMs);
  };

  let text = '';
  let headersMs: number | null = null;
  let firstTokenAt: number | null = null;
  let chunks = 0;
  let finish: string | null = null;
  let usage: { prompt: number; completion: number } | null = null;
  const calls = new ToolCallCollector();
  try {
    const client = await openaiClient(conn, timeouts.headersMs + timeouts.idleMs);
    const stream = await client.chat.completions.create(body, { signal: controller.signal });
    headersMs = clock.now() - startedAt;
    rearm();
    for await (const chunk of stream) {
      rearm();
      if (chunk.usage) usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta.content ?? '';
      for (const fragment of choice.delta.tool_calls ?? []) calls.add(fragment);
      if (delta !== '' || (choice.delta.tool_calls?.length ?? 0) > 0) {
        firstTokenAt ??= clock.now();
        chunks += 1;
      }
      if (delta !== '') {
        text += delta;
        options.onDelta?.(delta, 1);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  } catch (error) {
    const streamed = text !== '' || calls.size > 0;
    if (options.signal.aborted)
      return { result: aborted(request, text, startedAt, firstTokenAt, chunks, clock), headersMs: headersMs ?? 0 };
    const node = { id: conn.node.id, name: conn.node.name };
    const classified = timedOut
      ? { error: nodeUnavailable(node, timedOut), nodeFault: true }
      : classifyNodeError(node, error);
    const typed = streamed
      ? nodeUnavailable(node, `${reasonOf(classified.error)} after part of the reply had streamed`, {
          partialText: text,
          streamed: true,
        })
      : classified.error;
    throw new RemoteGenerateError(typed, classified.nodeFault, streamed, headersMs);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }

  const functionCalls: FunctionCall[] = calls.result();
  const finishedAt = clock.now();
  const completionTokens = usage?.completion ?? chunks;
  const genMs = firstTokenAt !== null ? finishedAt - firstTokenAt : 0;
  return {
    headersMs: headersMs ?? 0,
    result: {
      requestId: request.requestId,
      text,
      finishReason: functionCalls.length > 0 ? 'functionCalls' : finish === 'length' ? 'length' : 'stop',
      functionCalls,
      metrics: {
        ttftMs: firstTokenAt !== null ? firstTokenAt - startedAt : null,
        promptTokens: usage?.prompt ?? 0,
        completionTokens,
        promptTokensPerSecond: null,
        generationTokensPerSecond: genMs > 0 && completionTokens > 1 ? ((completionTokens - 1) * 1000) / genMs : null,
        totalMs: finishedAt - startedAt,
      },
    },
  };
}

function reasonOf(error: OutpostError): string {
  const details = error.details as { reason?: unknown } | undefined;
  return typeof details?.reason === 'string' ? details.reason : error.message;
}

function aborted(
  request: GenerateRequest,
  text: string,
  startedAt: number,
  firstTokenAt: number | null,
  chunks: number,
  clock: Clock,
): GenerateResult {
  return {
    requestId: request.requestId,
    text,
    finishReason: 'aborted',
    functionCalls: [],
    metrics: {
      ttftMs: firstTokenAt !== null ? firstTokenAt - startedAt : null,
      promptTokens: 0,
      completionTokens: chunks,
      promptTokensPerSecond: null,
      generationTokensPerSecond: null,
      totalMs: clock.now() - startedAt,
    },
  };
}
