/**
 * The OpenAI-compatible HTTP surface: loopback/Host guard → CORS (only when configured) → auth → rate limit →
 * body limit → routes. Every request, refused or answered, ends up in the request log.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Settings } from '@contract';
import type { ApiEnv } from './apiEnv';
import type { ClientAllowList } from './clientAllowList';
import { handleChat } from './chatRoute';
import { handleCompletions } from './completionsRoute';
import { CompletionRequest } from './legacyCompletions';
import { AGENT_PREFIX, type PreparedCompletion } from './completionTypes';
import { handleEmbeddings, type EmbeddingsPort } from './embeddingsRoute';
import { ApiError, badRequest, modelNotFound, toApiError } from './openaiErrors';
import { ChatCompletionRequest, describeIssue, EmbeddingsRequest } from './openaiSchemas';
import { toChatRequest } from './anthropic/anthropicMapping';
import { CountTokensRequest, MessagesRequest } from './anthropic/anthropicSchemas';
import { handleMessages } from './anthropic/messagesRoute';
import type { RateLimiter } from './rateLimiter';
import type { ApiRequestLog } from './requestLog';
import type { RequestQueue } from './requestQueue';
import type { z } from 'zod';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Uploads up to this size are read to the end (and discarded) after a 413. */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;

export interface ListedModel {
  id: string;
  created: number;
  ownedBy: string;
}

export interface ApiAppDeps {
  settings: () => Settings;
  verifyKey: (key: string) => boolean;
  keyPrefix: () => string | null;
  limiter: RateLimiter;
  /** Failed logins per address, so a key can't be guessed quickly. */
  authFailures: RateLimiter;
  queue: RequestQueue;
  log: ApiRequestLog;
  models: () => ListedModel[];
  prepareModel: (body: ChatCompletionRequest) => PreparedCompletion;
  prepareAgent: (body: ChatCompletionRequest) => PreparedCompletion;
  /** Legacy text completions on an installed model (no chat template). */
  prepareText?: (body: CompletionRequest) => PreparedCompletion;
  embeddings: () => EmbeddingsPort | null;
  /** Queues a run of an API-triggered job (core/jobs); absent, the route is 404. */
  jobRuns?: (jobId: string) => { id: string; jobId: string; status: string; queuedAt: number };
  /** Outpost's own MCP server (Streamable HTTP, core/mcp/server), behind the same key and limits. */
  mcp?: (request: Request) => Promise<Response>;
  /**
   * Who may call: `lan` lets other machines in (the Host check is skipped), `allow` narrows callers to listed
   * addresses (`--serve`). Defaults to the settings' LAN switch with no list.
   */
  reach?: () => { lan: boolean; allow: ClientAllowList | null };
  /** The TCP peer's address (injectable so tests can play a remote client). */
  remoteAddress: (c: Context<ApiEnv>) => string;
  now: () => number;
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/** Anthropic's routes answer errors in Anthropic's shape, every other route in OpenAI's. */
const isAnthropicPath = (c: Context<ApiEnv>) => new URL(c.req.url).pathname.startsWith('/v1/messages');

function fail(c: Context<ApiEnv>, error: ApiError): Response {
  c.set('errorCode', error.code ?? error.type);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(isAnthropicPath(c) ? error.anthropicBody() : error.body(), error.status as 400);
}

/** Reads and discards what is left of the request body, up to MAX_DRAIN_BYTES. */
async function drainUpload(c: Context<ApiEnv>): Promise<void> {
  const body = c.req.raw.body;
  if (!body || body.locked) return;
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
      if (bytes > MAX_DRAIN_BYTES) return void (await reader.cancel());
    }
  } catch {
    // The client went away: nothing left to drain.
  }
}

/** The key from `Authorization: Bearer <key>` (OpenAI clients) or `x-api-key: <key>` (Anthropic clients). */
function presentedKey(c: Context<ApiEnv>): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? c.req.header('x-api-key')?.trim() ?? null;
}

async function parseBody<T extends z.ZodType>(c: Context<ApiEnv>, schema: T): Promise<z.output<T>> {
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text());
  } catch {
    throw badRequest('We could not parse the JSON body of your request', null, 'invalid_json');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const { message, param } = describeIssue(parsed.error);
    throw badRequest(message, param, 'invalid_value');
  }
  const model = (parsed.data as { model?: unknown }).model;
  if (typeof model === 'string') c.set('model', model);
  return parsed.data;
}

export function createApiApp(d: ApiAppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.use(async (c, next) => {
    const startedAt = d.now();
    const address = d.remoteAddress(c);
    c.set('client', address);
    c.set('model', null);
    c.set('stream', false);
    c.set('usage', null);
    c.set('errorCode', null);
    c.set('streamDone', null);
    c.set('streamStatus', null);
    await next();
    const write = () =>
      d.log.record({
        at: startedAt,
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.get('streamStatus') ?? c.res.status,
        model: c.get('model'),
        client: c.get('client'),
        stream: c.get('stream'),
        durationMs: d.now() - startedAt,
        promptTokens: c.get('usage')?.promptTokens ?? null,
        completionTokens: c.get('usage')?.completionTokens ?? null,
        errorCode: c.get('errorCode'),
      });
    const done = c.get('streamDone');
    if (done) void done.then(write);
    else write();
  });

  app.use(async (c, next) => {
    const { lan, allow } = d.reach?.() ?? { lan: d.settings().apiBindLan, allow: null };
    if (allow && !allow.allows(c.get('client'))) {
      return fail(
        c,
        new ApiError(403, 'permission_error', 'client_not_allowed', "This address is not on the server's allow-list"),
      );
    }
    // Bound to loopback, only this machine may call; the Host check also stops DNS-rebinding pages.
    if (lan) return next();
    if (!LOOPBACK_ADDRESS.test(c.get('client'))) {
      return fail(
        c,
        new ApiError(403, 'permission_error', 'not_loopback', 'The API only accepts requests from this computer'),
      );
    }
    if (!LOOPBACK_HOST.test(c.req.header('host') ?? '')) {
      return fail(c, new ApiError(403, 'permission_error', 'bad_host', 'The Host header must name this computer'));
    }
    return next();
  });

  app.use(async (c, next) => {
    const origins = d.settings().apiCorsOrigins;
    if (origins.length === 0) return next();
    return cors({
      origin: (origin) => (origins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'x-api-key', 'anthropic-version', 'anthropic-beta'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    })(c, next);
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.use(async (c, next) => {
    const client = c.get('client');
    const key = presentedKey(c);
    if (!key) {
      return fail(
        c,
        new ApiError(
          401,
          'authentication_error',
          'missing_api_key',
          'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>" (Outpost → Settings → API)',
        ),
      );
    }
    if (!d.verifyKey(key)) {
      const wait = d.authFailures.take(client);
      if (wait > 0) {
        return fail(
          c,
          new ApiError(
            429,
            'rate_limit_error',
            'too_many_failed_logins',
            'Too many wrong API keys; wait and retry',
            null,
            { 'Retry-After': String(wait) },
          ),
        );
      }
      return fail(c, new ApiError(401, 'authentication_error', 'invalid_api_key', 'Incorrect API key provided'));
    }
    const prefix = d.keyPrefix() ?? 'key';
    c.set('client', `${client} (${prefix}…)`);
    const wait = d.limiter.take(prefix);
    if (wait > 0) {
      return fail(
        c,
        new ApiError(
          429,
          'rate_limit_error',
          'rate_limit_exceeded',
          `Rate limit of ${d.settings().apiRateLimitPerMinute} requests per minute reached`,
          null,
          { 'Retry-After': String(wait) },
        ),
      );
    }
    return next();
  });

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: async (c) => {
        // Read the rest of the upload before answering, so the client finishes sending and then reads a clean
        // 413 (cutting it off mid-upload looks like a network failure, which SDKs retry); then close.
        await drainUpload(c as Context<ApiEnv>);
        c.header('Connection', 'close');
        return fail(
          c as Context<ApiEnv>,
          new ApiError(
            413,
            'invalid_request_error',
            'request_too_large',
            `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`,
          ),
        );
      },
    }),
  );

  const modelObject = (m: ListedModel) => ({ id: m.id, object: 'model', created: m.created, owned_by: m.ownedBy });
  app.get('/v1/models', (c) => c.json({ object: 'list', data: d.models().map(modelObject) }));
  app.get('/v1/models/:id{.+}', (c) => {
    const id = decodeURIComponent(c.req.param('id'));
    const found = d.models().find((m) => m.id === id);
    if (!found) throw modelNotFound(id);
    return c.json(modelObject(found));
  });

  app.post('/v1/chat/completions', async (c) => {
    const body = await parseBody(c, ChatCompletionRequest);
    return handleChat(c, { queue: d.queue, now: d.now }, body, prepare(body));
  });

  const prepare = (body: ChatCompletionRequest) =>
    body.model.startsWith(AGENT_PREFIX) ? d.prepareAgent(body) : d.prepareModel(body);

  app.post('/v1/messages', async (c) => {
    const body = await parseBody(c, MessagesRequest);
    return handleMessages(c, { queue: d.queue }, body, prepare(toChatRequest(body)));
  });

  app.post('/v1/messages/count_tokens', async (c) => {
    const body = await parseBody(c, CountTokensRequest);
    const prepared = prepare(toChatRequest(body));
    if (!prepared.countPromptTokens) {
      throw badRequest('count_tokens is available for installed models, not for agents', 'model');
    }
    const release = await d.queue.acquire(prepared.queueModelId, c.get('client'), c.req.raw.signal);
    try {
      return c.json({ input_tokens: await prepared.countPromptTokens(c.req.raw.signal) });
    } finally {
      release();
    }
  });

  app.post('/v1/completions', async (c) => {
    const body = await parseBody(c, CompletionRequest);
    if (!d.prepareText) throw badRequest('Legacy completions are not available here', 'model');
    return handleCompletions(c, { queue: d.queue, now: d.now }, body, d.prepareText(body));
  });

  app.post('/v1/embeddings', async (c) => handleEmbeddings(c, d.embeddings(), await parseBody(c, EmbeddingsRequest)));

  // A job whose trigger is "API call" runs now (queued; it still waits for the machine like any background run).
  app.post('/v1/jobs/:id/runs', (c) => {
    if (!d.jobRuns) return c.notFound();
    const run = d.jobRuns(decodeURIComponent(c.req.param('id')));
    return c.json(
      { id: run.id, object: 'job.run', job_id: run.jobId, status: run.status, created_at: run.queuedAt },
      202,
    );
  });

  app.on(['GET', 'POST', 'DELETE'], '/mcp', async (c) => (d.mcp ? d.mcp(c.req.raw) : c.notFound()));

  app.notFound((c) =>
    fail(
      c,
      new ApiError(
        404,
        'invalid_request_error',
        'unknown_url',
        `Unknown request URL: ${c.req.method} ${new URL(c.req.url).pathname}`,
      ),
    ),
  );
  app.onError((error, c) => fail(c as Context<ApiEnv>, toApiError(error)));
  return app;
}
