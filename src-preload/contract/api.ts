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

const ServerName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]*$/, 'letters, digits, spaces, - and _ only');

function isLoopbackUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
    );
  } catch {
    return false;
  }
}

/** An MCP server to add: a local command over stdio, or streamable HTTP on this machine only. */
export const McpServerInput = z.discriminatedUnion('transport', [
  z
    .object({
      transport: z.literal('stdio'),
      name: ServerName,
      command: z.string().trim().min(1).max(4096),
      args: z.array(z.string().max(4096)).max(64).default([]),
      env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(8192)).default({}),
    })
    .strict(),
  z
    .object({
      transport: z.literal('http'),
      name: ServerName,
      url: z.string().max(2048).refine(isLoopbackUrl, 'must be an http(s) URL on 127.0.0.1, localhost or [::1]'),
    })
    .strict(),
]);
export type McpServerInput = z.input<typeof McpServerInput>;

export const McpToolSummary = z.object({
  /** The name agents use (`mcp_<server>_<tool>`). */
  name: z.string(),
  /** The name on the MCP server. */
  remoteName: z.string(),
  title: z.string(),
  description: z.string(),
});

export const McpServerState = z.enum(['starting', 'running', 'stopped', 'crashed', 'failed']);

export const McpServerInfo = z.object({
  id: z.string(),
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  command: z.string().nullable(),
  args: z.array(z.string()),
  /** Names only: values can be secrets. */
  envKeys: z.array(z.string()),
  url: z.string().nullable(),
  state: McpServerState,
  error: z.string().nullable(),
  tools: z.array(McpToolSummary),
});
export type McpServerInfo = z.output<typeof McpServerInfo>;

export const McpServerIdInput = z.object({ id: z.string().min(1).max(100) }).strict();
