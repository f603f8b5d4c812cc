import { z } from 'zod';

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

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only');
const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'not a valid HTTP header name');
const LoopbackUrl = z
  .string()
  .max(2048)
  .refine(isLoopbackUrl, 'must be an http(s) URL on 127.0.0.1, localhost or [::1]');

/**
 * An MCP server to add: a local command over stdio, or HTTP on this machine only (Streamable HTTP, or the legacy
 * HTTP+SSE transport). Env values and header values may be secrets: they are stored, passed to the server, and
 * never sent back to the UI nor put on the command line.
 */
export const McpServerInput = z.discriminatedUnion('transport', [
  z
    .object({
      transport: z.literal('stdio'),
      name: ServerName,
      command: z.string().trim().min(1).max(4096),
      args: z.array(z.string().max(4096)).max(64).default([]),
      env: z.record(EnvName, z.string().max(8192)).default({}),
    })
    .strict(),
  z
    .object({
      transport: z.literal('http'),
      name: ServerName,
      url: LoopbackUrl,
      /** e.g. `Authorization: Bearer …`. */
      headers: z.record(HeaderName, z.string().max(8192)).default({}),
      /** Skip Streamable HTTP and speak the 2024-11-05 HTTP+SSE transport (tried anyway when the server refuses). */
      legacySse: z.boolean().default(false),
    })
    .strict(),
]);
export type McpServerInput = z.input<typeof McpServerInput>;

/** Edits a server; an env or header value of null keeps what is stored (the UI never has the value). */
export const McpServerUpdate = z.discriminatedUnion('transport', [
  z
    .object({
      id: z.string().min(1).max(100),
      transport: z.literal('stdio'),
      name: ServerName,
      command: z.string().trim().min(1).max(4096),
      args: z.array(z.string().max(4096)).max(64).default([]),
      env: z.record(EnvName, z.string().max(8192).nullable()).default({}),
    })
    .strict(),
  z
    .object({
      id: z.string().min(1).max(100),
      transport: z.literal('http'),
      name: ServerName,
      url: LoopbackUrl,
      headers: z.record(HeaderName, z.string().max(8192).nullable()).default({}),
      legacySse: z.boolean().default(false),
    })
    .strict(),
]);
export type McpServerUpdate = z.input<typeof McpServerUpdate>;

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
  /** Names only: values can be secrets. */
  headerKeys: z.array(z.string()),
  legacySse: z.boolean(),
  state: McpServerState,
  error: z.string().nullable(),
  tools: z.array(McpToolSummary),
  /** Tools the server listed that are not offered, each with why (malformed schema, over the per-server cap). */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type McpServerInfo = z.output<typeof McpServerInfo>;

export const McpServerIdInput = z.object({ id: z.string().min(1).max(100) }).strict();

/** A resource a server offers (resources/list), for browsing and attaching. */
export const McpResource = z.object({
  uri: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  mimeType: z.string().nullable(),
});
export type McpResource = z.output<typeof McpResource>;

/** One part of a read resource: text as it is, binary named by its size. */
export const McpResourceContents = z.object({
  uri: z.string(),
  mimeType: z.string().nullable(),
  text: z.string().nullable(),
  blobBytes: z.number().int().nonnegative().nullable(),
});

/** A prompt template a server offers (prompts/list). */
export const McpPrompt = z.object({
  name: z.string(),
  description: z.string().nullable(),
  arguments: z.array(z.object({ name: z.string(), description: z.string().nullable(), required: z.boolean() })),
});
export type McpPrompt = z.output<typeof McpPrompt>;

/** A filled prompt (prompts/get) as chat messages; non-text parts are named. */
export const McpPromptMessages = z.object({
  description: z.string().nullable(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), text: z.string() })),
});
export type McpPromptMessages = z.output<typeof McpPromptMessages>;

export const McpReadResourceInput = z.object({ id: z.string().min(1).max(100), uri: z.string().min(1).max(4096) });
export const McpGetPromptInput = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  arguments: z.record(z.string().max(200), z.string().max(100_000)).default({}),
});
