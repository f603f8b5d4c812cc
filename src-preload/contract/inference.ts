import { z } from 'zod';

export const ChatRole = z.enum(['system', 'user', 'assistant']);

export const FunctionCall = z.object({ name: z.string(), params: z.unknown() });
export type FunctionCall = z.infer<typeof FunctionCall>;

export const ChatMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string(),
    /** Function calls this turn made, with their results, so the model sees what happened. */
    functionCalls: z.array(FunctionCall.extend({ result: z.unknown() })).optional(),
  }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

export const SamplingParams = z.object({
  temperature: z.number().min(0).max(5).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().int().min(0).max(1000).optional(),
  minP: z.number().min(0).max(1).optional(),
  repeatPenalty: z.number().min(0).max(5).optional(),
  maxTokens: z.number().int().min(1).max(131_072).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});
export type SamplingParams = z.infer<typeof SamplingParams>;

/** A function the model may call; params is a JSON schema (the GBNF-compatible subset). */
export const FunctionDefinition = z.object({
  description: z.string().max(4000).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('grammar'), gbnf: z.string().max(100_000) }),
]);
export type ResponseFormat = z.infer<typeof ResponseFormat>;

export const GenerateRequest = z.object({
  /** Chosen by the caller so token events can be matched before the call returns. */
  requestId: z.string().min(1).max(100),
  modelId: z.string(),
  messages: z.array(ChatMessage).min(1),
  sampling: SamplingParams.default({}),
  stop: z.array(z.string().min(1)).max(16).default([]),
  responseFormat: ResponseFormat.default({ type: 'text' }),
  /** When present the model may answer with function calls; they are returned, not executed. */
  functions: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), FunctionDefinition).optional(),
  /** 'required' makes the reply one call of one of `functions` (OpenAI's tool_choice "required"). */
  functionCall: z.enum(['auto', 'required']).default('auto'),
  /** Who asked, for metrics (an agent id, 'api', 'preview'). */
  origin: z.string().max(100).default('direct'),
  /** Render and count the prompt (metrics.promptTokensTotal) without generating (Anthropic's count_tokens). */
  countOnly: z.boolean().optional(),
  /** Continue this text as it is, without the chat template (legacy /v1/completions); `messages` are not rendered. */
  rawPrompt: z.string().max(4_000_000).optional(),
  /** Report each generated token's log-probability with its `top` likeliest alternatives (0–20). */
  logprobs: z.object({ top: z.number().int().min(0).max(20) }).optional(),
  /**
   * false for a one-off reply nobody continues (a routing decision): the prompt cache keeps its stable prefix
   * but skips the end-of-turn state save, a whole-sequence disk write per message.
   */
  saveTurnState: z.boolean().optional(),
  /** Read only the first N tokens of the last message when it is the user's (a router needs the start only). */
  lastMessageTokens: z.number().int().min(1).max(100_000).optional(),
  /**
   * The reply is exactly one of these short labels (a router's member numbers). At temperature 0 a local model
   * scores their first tokens from one forward pass, no sampling loop; otherwise `responseFormat` constrains it.
   */
  choices: z.array(z.string().min(1).max(40)).min(1).max(16).optional(),
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;

/**
 * Background warm of a conversation's prompt prefix (what every next turn starts with: system prompt, tools and
 * the history so far): restored from the prompt cache or evaluated at low priority; a real request stops it.
 */
export const WarmRequest = z.object({
  requestId: z.string().min(1).max(100),
  modelId: z.string(),
  /** The prompt up to the next user message (rendered as a real turn's, with a placeholder user message). */
  messages: z.array(ChatMessage).min(1),
  functions: GenerateRequest.shape.functions,
});
export type WarmRequest = z.infer<typeof WarmRequest>;

export const WarmResult = z.object({
  /** held: already in a sequence; restored: from disk; evaluated; stopped: a real request or a cancel came first. */
  outcome: z.enum(['held', 'restored', 'evaluated', 'stopped', 'skipped']),
  /** Tokens of the prefix a sequence of the model holds evaluated when the warm ended. */
  prefixTokens: z.number().int().nonnegative(),
  /** Of those, evaluated by this warm (not restored, not already held). */
  evaluatedTokens: z.number().int().nonnegative(),
  /** Why nothing was done (skipped): the model is not loaded, its sequences are busy, … */
  reason: z.string().optional(),
});
export type WarmResult = z.infer<typeof WarmResult>;

/** Speculative decoding's tokens: acceptance = validated / (validated + refuted). */
export const PredictionCounts = z.object({
  predictor: z.enum(['input-lookup', 'draft']),
  validated: z.number().int().nonnegative(),
  refuted: z.number().int().nonnegative(),
});
export type PredictionCounts = z.infer<typeof PredictionCounts>;

export const GenerationMetrics = z.object({
  /** ms from request accepted to first generated token. */
  ttftMs: z.number().nonnegative().nullable(),
  promptTokens: z.number().int().nonnegative(),
  /** The whole rendered prompt; promptTokens counts only what had to be evaluated (the rest was cached). */
  promptTokensTotal: z.number().int().nonnegative().optional(),
  /** Leading prompt tokens already evaluated when the reply started (kept in the sequence or restored from disk). */
  cachedPromptTokens: z.number().int().nonnegative().optional(),
  /** Of those, restored from the prompt cache on disk for this reply. */
  restoredPromptTokens: z.number().int().nonnegative().optional(),
  completionTokens: z.number().int().nonnegative(),
  promptTokensPerSecond: z.number().nonnegative().nullable(),
  generationTokensPerSecond: z.number().nonnegative().nullable(),
  totalMs: z.number().nonnegative(),
  /** Speculative decoding, when the model runs a token predictor: predicted tokens confirmed / rejected. */
  predictions: PredictionCounts.optional(),
});
export type GenerationMetrics = z.infer<typeof GenerationMetrics>;

/** One generated token's log-probability (natural log), OpenAI's shape minus snake case. */
export const TokenLogprob = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number().int().min(0).max(255)),
  top: z.array(z.object({ token: z.string(), logprob: z.number(), bytes: z.array(z.number().int().min(0).max(255)) })),
});
export type TokenLogprob = z.infer<typeof TokenLogprob>;

export const FinishReason = z.enum(['stop', 'length', 'functionCalls', 'aborted', 'error']);

/** Where one generation's time went in the worker (ms): what to cut when a short reply (a routing decision) is slow. */
export const GenerationPhases = z.object({
  /** Grammar / JSON schema / function definitions compiled (or taken from the worker's grammar cache). */
  constraintMs: z.number().nonnegative(),
  /** Chat template rendered and tokenized. */
  renderMs: z.number().nonnegative(),
  /** Waiting for a free context sequence. */
  queueMs: z.number().nonnegative(),
  /** Prompt cache: restore from disk, stable-prefix checkpoint. */
  cacheMs: z.number().nonnegative(),
  /** The prompt tokens the sequence did not hold evaluated, up to the first generated token. */
  evalMs: z.number().nonnegative(),
  /** First generated token to the end of the reply. */
  decodeMs: z.number().nonnegative(),
  /** The end-of-turn state saved to the prompt cache. */
  saveMs: z.number().nonnegative(),
});
export type GenerationPhases = z.infer<typeof GenerationPhases>;

export const GenerateResult = z.object({
  requestId: z.string(),
  text: z.string(),
  finishReason: FinishReason,
  functionCalls: z.array(FunctionCall),
  metrics: GenerationMetrics,
  /** The model that wrote it when not the one asked for: a pool's member, e.g. `node:gpu-box/qwen2.5-7b`. */
  servedBy: z.string().optional(),
  /** The stop sequence (from `stop`) that ended the reply, when one did. */
  stopSequence: z.string().optional(),
  /** Per generated token, when the request asked for `logprobs`. */
  logprobs: z.array(TokenLogprob).optional(),
  /** Worker-side timing of a chat generation (kept out of `metrics`, which are stored and sent with every reply). */
  phases: GenerationPhases.optional(),
});
export type GenerateResult = z.infer<typeof GenerateResult>;

/** The persistent prompt cache of the inference worker (saved sequence states on disk). */
export const PromptCacheStats = z.object({
  enabled: z.boolean(),
  /** Replies that restored a saved state / had neither a reusable sequence nor a saved state. */
  hits: z.number().int().nonnegative(),
  misses: z.number().int().nonnegative(),
  /** Replies served by the prefix their context sequence already held. */
  sequenceHits: z.number().int().nonnegative(),
  /** Damaged files ignored, entries dropped for a changed model/options, entries evicted for the budget. */
  corrupt: z.number().int().nonnegative(),
  invalidated: z.number().int().nonnegative(),
  evicted: z.number().int().nonnegative(),
  saves: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  budgetBytes: z.number().int().nonnegative(),
});
export type PromptCacheStats = z.infer<typeof PromptCacheStats>;

/** The figures when the cache is off (a worker without one, a test's starting point). */
export const PROMPT_CACHE_OFF: PromptCacheStats = {
  enabled: false,
  hits: 0,
  misses: 0,
  sequenceHits: 0,
  corrupt: 0,
  invalidated: 0,
  evicted: 0,
  saves: 0,
  entries: 0,
  bytes: 0,
  budgetBytes: 0,
};

/** Coalesced text delta (~30 per second at most). */
export const TokenEvent = z.object({ requestId: z.string(), delta: z.string(), tokens: z.number().int() });

/** The llama.cpp build the inference worker really loaded (read from the loaded llama, not from settings). */
export const EngineBuild = z.object({
  /** The binding's version and the llama.cpp release it runs. */
  nodeLlamaCpp: z.string(),
  llamaCpp: z.string(),
  backend: z.enum(['metal', 'cuda', 'vulkan', 'cpu']),
  /** patched: Outpost's build (patches/, outpost-engine.json beside it); stock: node-llama-cpp's prebuilt; local: another local build. */
  variant: z.enum(['patched', 'stock', 'local']),
  patches: z.array(z.string()),
  /** True for a release build with every CPU variant, false for one tuned to the build machine; null when unknown. */
  portable: z.boolean().nullable(),
});
export type EngineBuild = z.infer<typeof EngineBuild>;

export const WorkerStatus = z.object({
  state: z.enum(['starting', 'ready', 'restarting', 'crashed', 'stopped']),
  pid: z.number().int().nullable(),
  backend: z.enum(['metal', 'cuda', 'vulkan', 'cpu']).nullable(),
  gpu: z
    .object({
      names: z.array(z.string()),
      vramTotalBytes: z.number().nonnegative(),
      vramFreeBytes: z.number().nonnegative(),
    })
    .nullable(),
  restarts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** The engine the worker last started with; kept while it is idle-stopped, null before its first start. */
  engine: EngineBuild.nullable(),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;
