/**
 * One MCP server over the official SDK: connect in the background, list every page of tools (one bad tool is
 * skipped with its reason), call them, notice when the server dies (stdio exit, HTTP ping failure) and reconnect
 * with backoff, each time with a fresh client and session.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { OutpostError } from '@contract';
import type { ToolProgress } from '@contract';
import { MAX_CALL_MS } from '../tools/toolExecutor';
import { ToolError, ToolOutputWithMedia } from '../tools/toolTypes';
import type { McpServerConfig } from './mcpConfigStore';
import {
  CLIENT_CAPABILITIES,
  FORM_CAPABILITIES,
  handleElicitation,
  handleServerRequests,
  type CallScope,
  type McpClientServices,
} from './mcpClientRequests';
import { resultText, type McpResultLike } from './mcpContent';
import { resultMedia } from './mcpMedia';
import { McpSchemaError, prepareToolSchema } from './mcpSchema';
import type { RemoteTool, ToolCaller } from './mcpToolAdapter';
import { cleanText } from './mcpToolAdapter';
import { httpTransport, StdioWatch, stdioTransport } from './mcpTransports';

export type ConnectionState = 'starting' | 'running' | 'stopped' | 'crashed' | 'failed';

export const CONNECT_TIMEOUT_MS = 20_000;
/** Tools offered per server; more are listed as skipped, never dropped silently. */
export const MAX_TOOLS = 512;
const MAX_PAGES = 100;
const GIVE_UP_AFTER = 8;
const PING_TIMEOUT_MS = 10_000;

export interface SkippedTool {
  name: string;
  reason: string;
}

export interface ConnectionOptions {
  /** First reconnect delay; doubles per attempt up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often an HTTP server is pinged to notice that it died. */
  pingEveryMs?: number;
}

export interface ConnectionEvents {
  /** State or tool list changed. */
  onChange(): void;
}

const ToolPage = z.looseObject({ tools: z.array(z.unknown()), nextCursor: z.string().optional() });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class McpConnection implements ToolCaller {
  state: ConnectionState = 'stopped';
  error: string | null = null;
  tools: RemoteTool[] = [];
  skipped: SkippedTool[] = [];
  private client: Client | null = null;
  private watch = new StdioWatch();
  private stopping = false;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly options: Required<ConnectionOptions>;
  /** Calls in flight, latest last: a server request during a call (sampling, roots) belongs to that call. */
  private readonly scopes: CallScope[] = [];

  constructor(
    readonly config: McpServerConfig,
    private readonly events: ConnectionEvents,
    options: ConnectionOptions = {},
    private readonly services: McpClientServices | null = null,
  ) {
    this.options = { retryBaseMs: 1000, retryMaxMs: 60_000, pingEveryMs: 15_000, ...options };
  }

  get serverId(): string {
    return this.config.id;
  }

  get serverName(): string {
    return this.config.name;
  }

  isRunning(): boolean {
    return this.state === 'running';
  }

  downReason(): string {
    return this.error ?? this.state;
  }

  /** Resolves when connected or failed; never throws. A failure schedules a retry with backoff. */
  async start(): Promise<void> {
    this.stopping = false;
    this.attempts = 0;
    this.clearTimers();
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const client = this.client;
    this.client = null;
    if (client) await client.close().catch(() => undefined);
    this.set('stopped', null);
  }

  async callTool(
    name: string,
    args: unknown,
    signal: AbortSignal,
    scope?: CallScope,
    onProgress?: (progress: ToolProgress) => void,
  ): Promise<string | ToolOutputWithMedia> {
    const client = this.client;
    if (!client || !this.isRunning())
      throw new ToolError('tool_failed', `The MCP server "${this.serverName}" is not running.`);
    // The SDK keeps its abort listener on the signal it gets: a private controller, wired only while the call is
    // in flight, means a finished call never sends notifications/cancelled when the executor aborts afterwards.
    const inFlight = new AbortController();
    const forward = () => inFlight.abort(signal.reason);
    if (signal.aborted) forward();
    signal.addEventListener('abort', forward, { once: true });
    if (scope) this.scopes.push(scope);
    try {
      const result = await client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, {
        signal: inFlight.signal,
        // The executor's idle timeout (restarted by each progress report, paused while a form or approval card
        // waits for the user) stops a silent call; here only the hard cap on the whole call applies.
        timeout: MAX_CALL_MS,
        resetTimeoutOnProgress: true,
        maxTotalTimeout: MAX_CALL_MS,
        onprogress: (p) =>
          onProgress?.({
            progress: p.progress,
            total: p.total ?? null,
            message: p.message ? cleanText(p.message, 200) : null,
          }),
      });
      const text = resultText(result as McpResultLike);
      if (result.isError) throw new ToolError('tool_failed', text || 'The MCP tool reported an error');
      const media = resultMedia(result as McpResultLike);
      return media.length > 0 ? new ToolOutputWithMedia(text, media) : text;
    } catch (error) {
      if (error instanceof ToolError) throw error;
      if (signal.aborted) throw new ToolError('aborted', 'The call was cancelled; the server was told to stop it.');
      if (this.client === client && isConnectionLoss(error)) this.lost(client, messageOf(error));
      const why = this.isRunning() ? messageOf(error) : this.downReason();
      throw new ToolError('tool_failed', `The MCP server "${this.serverName}" failed the call: ${why}`);
    } finally {
      signal.removeEventListener('abort', forward);
      if (scope) this.scopes.splice(this.scopes.indexOf(scope), 1);
    }
  }

  /** The live client, or a typed `unavailable` naming why the server is not running. */
  runningClient(): Client {
    if (!this.client || !this.isRunning()) {
      throw new OutpostError(
        'unavailable',
        `The MCP server "${this.serverName}" is not running (${this.downReason()})`,
      );
    }
    return this.client;
  }

  private async connect(legacySse = false): Promise<void> {
    this.set('starting', null);
    this.watch = new StdioWatch();
    const watch = this.watch;
    const transport: Transport =
      this.config.transport === 'stdio'
        ? stdioTransport(this.config, watch)
        : httpTransport(this.config, legacySse || this.config.legacySse);
    const client = new Client(
      { name: 'outpost', version: '1.0.0' },
      { capabilities: this.services ? CLIENT_CAPABILITIES : FORM_CAPABILITIES },
    );
    handleElicitation(client, this.serverName, () => this.scopes.at(-1) ?? null);
    if (this.services) {
      handleServerRequests(client, this.serverName, this.services, () => this.scopes.at(-1) ?? null);
    }
    client.onclose = () => {
      if (this.client === client) this.lost(client, watch.reason());
    };
    try {
      await client.connect(transport, { timeout: CONNECT_TIMEOUT_MS });
      if (this.stopping) return void (await client.close());
      const listed = await this.listTools(client);
      this.client = client;
      this.tools = listed.tools;
      this.skipped = listed.skipped;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        const next = await this.listTools(client).catch(() => null);
        if (!next || this.client !== client) return;
        this.tools = next.tools;
        this.skipped = next.skipped;
        this.events.onChange();
      });
      this.attempts = 0;
      if (this.config.transport === 'http') this.startPinging(client);
      this.set('running', null);
    } catch (error) {
      await client.close().catch(() => undefined);
      if (this.stopping) return;
      // Servers that only speak the 2024-11-05 HTTP+SSE transport answer the initialize POST with 4xx.
      if (this.config.transport === 'http' && !legacySse && !this.config.legacySse && isOldServer(error)) {
        return this.connect(true);
      }
      const tail = this.config.transport === 'stdio' ? watch.reason() : '';
      const message = cleanText(`could not start: ${messageOf(error)}${tail ? ` (${tail})` : ''}`, 800);
      this.scheduleRetry('failed', message);
    }
  }

  /** The server went away after it was running: withdraw its tools, then reconnect with backoff. */
  private lost(client: Client, reason: string): void {
    if (this.client !== client || this.stopping) return;
    this.client = null;
    this.clearTimers();
    void client.close().catch(() => undefined);
    this.scheduleRetry('crashed', cleanText(reason, 800));
  }

  private scheduleRetry(state: 'failed' | 'crashed', reason: string): void {
    this.attempts += 1;
    if (this.attempts > GIVE_UP_AFTER) {
      this.set(state, `${reason}. Gave up after ${GIVE_UP_AFTER} attempts; restart it from Settings.`);
      return;
    }
    const delay = Math.min(this.options.retryBaseMs * 2 ** (this.attempts - 1), this.options.retryMaxMs);
    this.set(
      state,
      `${reason}. Retrying in ${Math.ceil(delay / 1000)} s (attempt ${this.attempts} of ${GIVE_UP_AFTER}).`,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopping) void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private startPinging(client: Client): void {
    this.pingTimer = setInterval(() => {
      // A generous timeout: a busy machine must not read as a dead server; a dead one refuses at once.
      client.ping({ timeout: PING_TIMEOUT_MS }).catch((error: unknown) => {
        this.lost(client, `the server stopped answering: ${messageOf(error)}`);
      });
    }, this.options.pingEveryMs);
    this.pingTimer.unref();
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  /** Every page, each tool checked on its own: a malformed one is skipped with a readable reason. */
  private async listTools(client: Client): Promise<{ tools: RemoteTool[]; skipped: SkippedTool[] }> {
    const tools: RemoteTool[] = [];
    const skipped: SkippedTool[] = [];
    let cursor: string | undefined;
    let extra = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.request(
        { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
        ToolPage,
        { timeout: CONNECT_TIMEOUT_MS },
      );
      for (const raw of result.tools) {
        const parsed = ToolSchema.safeParse(raw);
        const name = parsed.success ? parsed.data.name : nameOf(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          skipped.push({
            name,
            reason: `malformed definition (${issue?.path.join('.') || 'tool'}: ${issue?.message})`,
          });
          continue;
        }
        if (tools.length >= MAX_TOOLS) {
          extra += 1;
          continue;
        }
        try {
          const schema = prepareToolSchema(parsed.data.inputSchema);
          const t = parsed.data;
          tools.push({
            name: t.name,
            title: t.title ?? t.annotations?.title,
            description: t.description,
            inputSchema: t.inputSchema as Record<string, unknown>,
            outputSchema: t.outputSchema as Record<string, unknown> | undefined,
            readOnly: t.annotations?.readOnlyHint === true,
            schema,
          });
        } catch (error) {
          if (!(error instanceof McpSchemaError)) throw error;
          skipped.push({ name, reason: cleanText(`unusable input schema: ${error.message}`, 300) });
        }
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    if (extra > 0)
      skipped.push({ name: `${extra} more`, reason: `only the first ${MAX_TOOLS} tools of a server are offered` });
    if (cursor) skipped.push({ name: 'more pages', reason: `the tool list was read up to ${MAX_PAGES} pages` });
    return { tools, skipped };
  }

  private set(state: ConnectionState, error: string | null): void {
    this.state = state;
    this.error = error;
    this.events.onChange();
  }
}

function nameOf(raw: unknown): string {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? cleanText(name, 64) : '(unnamed)';
}

function isOldServer(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code !== undefined && [400, 404, 405].includes(error.code);
}

/** Errors that mean the transport is gone rather than the tool failing. */
function isConnectionLoss(error: unknown): boolean {
  const text = messageOf(error);
  return (
    /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|Not connected|No valid session|session not found/i.test(
      text,
    ) ||
    (error instanceof StreamableHTTPError && error.code === 404)
  );
}
