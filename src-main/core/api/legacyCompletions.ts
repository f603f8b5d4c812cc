/**
 * Legacy `POST /v1/completions`: a prompt continued as raw text (no chat template) on an installed model.
 * Mapping in and out: the request to a GenerateRequest with `rawPrompt`, token logprobs to the legacy shape.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GenerateRequest, TokenLogprob } from '@contract';
import { AGENT_PREFIX, type PreparedCompletion } from './completionTypes';
import { preparedGeneration, usableModel, type ModelCompletionDeps } from './modelCompletions';
import { badRequest, modelNotFound } from './openaiErrors';

export const CompletionRequest = z.looseObject({
  model: z.string().min(1).max(200),
  // A string, or an array holding one string; token-id prompts and batches are refused by name below.
  prompt: z.union([z.string().max(4_000_000), z.array(z.unknown()).max(2048)]),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().min(1).max(131_072).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(16)]).nullish(),
  n: z.number().int().nullish(),
  best_of: z.number().int().nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  echo: z.boolean().nullish(),
  suffix: z.string().nullish(),
});
export type CompletionRequest = z.output<typeof CompletionRequest>;

/** OpenAI's default for this endpoint (chat completions default to the rest of the context instead). */
const DEFAULT_MAX_TOKENS = 16;

function promptOf(body: CompletionRequest): string {
  if (typeof body.prompt === 'string') return body.prompt;
  const [only] = body.prompt;
  if (body.prompt.length !== 1 || typeof only !== 'string') {
    throw badRequest('Send one text prompt per request (batches and token-id prompts are not supported)', 'prompt');
  }
  return only;
}

export function toRawGenerateRequest(
  body: CompletionRequest,
  ids: { requestId: string; modelId: string },
): GenerateRequest {
  if (body.n != null && body.n !== 1) throw badRequest('Only n = 1 is supported', 'n');
  if (body.best_of != null && body.best_of !== 1) throw badRequest('Only best_of = 1 is supported', 'best_of');
  if (body.suffix) throw badRequest('suffix (insertion) is not supported', 'suffix', 'unsupported_parameter');
  if (body.echo && body.logprobs != null) {
    throw badRequest('echo with logprobs needs prompt-token probabilities, which are not reported', 'echo');
  }
  const prompt = promptOf(body);
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const seed = body.seed ?? undefined;
  return {
    requestId: ids.requestId,
    modelId: ids.modelId,
    // Not rendered (rawPrompt wins); kept so logs and metrics see what was asked.
    messages: [{ role: 'user', content: prompt }],
    rawPrompt: prompt,
    sampling: {
      maxTokens: body.max_tokens ?? DEFAULT_MAX_TOKENS,
      ...(body.temperature != null ? { temperature: body.temperature } : {}),
      ...(body.top_p != null ? { topP: body.top_p } : {}),
      ...(seed !== undefined ? { seed: ((seed % 2 ** 32) + 2 ** 32) % 2 ** 32 } : {}),
    },
    stop,
    responseFormat: { type: 'text' },
    functionCall: 'auto',
    ...(body.logprobs != null ? { logprobs: { top: body.logprobs } } : {}),
    origin: 'api',
  };
}

export function prepareTextCompletion(d: ModelCompletionDeps, body: CompletionRequest): PreparedCompletion {
  if (body.model.startsWith(AGENT_PREFIX)) {
    throw badRequest('Agents answer chat: use /v1/chat/completions for agent models', 'model');
  }
  const model = usableModel(d.installed(), body.model);
  if (!model) throw modelNotFound(body.model);
  return preparedGeneration(d, toRawGenerateRequest(body, { requestId: `api-${randomUUID()}`, modelId: model.id }));
}

/** The legacy `logprobs` object; `offset` is where this text starts in the whole completion text. */
export function legacyLogprobsOf(logprobs: readonly TokenLogprob[] | undefined, offset = 0) {
  if (!logprobs) return null;
  const textOffset: number[] = [];
  let at = offset;
  for (const entry of logprobs) {
    textOffset.push(at);
    at += entry.token.length;
  }
  return {
    tokens: logprobs.map((entry) => entry.token),
    token_logprobs: logprobs.map((entry) => entry.logprob),
    top_logprobs: logprobs.map((entry) => Object.fromEntries(entry.top.map((alt) => [alt.token, alt.logprob]))),
    text_offset: textOffset,
  };
}
