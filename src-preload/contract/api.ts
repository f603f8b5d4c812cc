import { z } from 'zod';

/** The local OpenAI-compatible API server as the Settings screen sees it. */
export const ApiStatus = z.object({
  enabled: z.boolean(),
  listening: z.boolean(),
  /** Base URL clients use (`…/v1`), null while not listening. */
  baseUrl: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  bindLan: z.boolean(),
  hasKey: z.boolean(),
  /** The first characters of the key, enough to tell keys apart; the key itself is shown once. */
  keyPrefix: z.string().nullable(),
  keyCreatedAt: z.number().nullable(),
  /** Why the server is not listening although enabled (e.g. the port is taken). */
  error: z.string().nullable(),
  running: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
});
export type ApiStatus = z.output<typeof ApiStatus>;

/** What turning the API on returns: the key in clear text only when it was just generated. */
export const ApiEnableResult = z.object({ status: ApiStatus, newKey: z.string().nullable() });
export type ApiEnableResult = z.output<typeof ApiEnableResult>;

/** One HTTP request the API server answered (also written to the request log table). */
export const ApiRequestEntry = z.object({
  id: z.number().int(),
  at: z.number(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  model: z.string().nullable(),
  client: z.string(),
  stream: z.boolean(),
  durationMs: z.number().nonnegative(),
  promptTokens: z.number().int().nonnegative().nullable(),
  completionTokens: z.number().int().nonnegative().nullable(),
  errorCode: z.string().nullable(),
});
export type ApiRequestEntry = z.output<typeof ApiRequestEntry>;
