/** One MCP server session over the official SDK: connect, list tools, call them, notice when it dies. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { ToolError } from '../tools/toolTypes';
import type { McpServerConfig } from './mcpConfigStore';
import type { RemoteTool, ToolCaller } from './mcpToolAdapter';
import { cleanText, MCP_TOOL_TIMEOUT_MS } from './mcpToolAdapter';

export type ConnectionState = 'starting' | 'running' | 'stopped' | 'crashed' | 'failed';

export const CONNECT_TIMEOUT_MS = 20_000;
const MAX_TOOLS = 128;
const STDERR_TAIL_CHARS = 2000;
const MAX_RESULT_CHARS = 64 * 1024;

export interface ConnectionEvents {
  /** State or tool list changed. */
  onChange(): void;
}

function transportFor(config: McpServerConfig): Transport {
  if (config.transport === 'http') return new StreamableHTTPClientTransport(new URL(config.url));
  return new StdioClientTransport({
    command: config.command,
    args: config.args,
    env: { ...getDefaultEnvironment(), ...config.env },
    stderr: 'pipe',
  });
}

/** MCP tool results as text for the model; non-text parts are named, not inlined. */
function resultText(content: unknown): string {
  const parts = Array.isArray(content) ? content : [];
  const text = parts
    .map((part: { type?: string; text?: unknown }) =>
      part.type === 'text' && typeof part.text === 'string' ? part.text : `[${String(part.type)} content omitted]`,
    )
    .join('\n');
  return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}…[truncated]` : text;
}

export class McpConnection implements ToolCaller {
  state: ConnectionState = 'stopped';
  error: string | null = null;
  tools: RemoteTool[] = [];
  private client: Client | null = null;
  private stderrTail = '';
  private stopping = false;

  constructor(
    readonly config: McpServerConfig,
    private readonly events: ConnectionEvents,
  ) {}

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

  async start(): Promise<void> {
    this.stopping = false;
    this.set('starting', null);
    const transport = transportFor(this.config);
    if (transport instanceof StdioClientTransport) {
      transport.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + String(chunk)).slice(-STDERR_TAIL_CHARS);
      });
    }
    const client = new Client({ name: 'outpost', version: '1.0.0' }, { capabilities: {} });
    client.onclose = () => {
      if (this.client !== client || this.stopping) return;
      this.client = null;
      const tail = this.stderrTail.trim().split('\n').at(-1);
      this.set('crashed', `the server stopped unexpectedly${tail ? `: ${cleanText(tail, 300)}` : ''}`);
    };
    try {
      await client.connect(transport, { timeout: CONNECT_TIMEOUT_MS });
      this.client = client;
      this.tools = await this.listTools(client);
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        this.tools = await this.listTools(client).catch(() => this.tools);
        this.events.onChange();
      });
      this.set('running', null);
    } catch (error) {
      this.client = null;
      await client.close().catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      const tail = this.stderrTail.trim();
      this.set('failed', cleanText(`could not start: ${message}${tail ? ` (${tail})` : ''}`, 500));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const client = this.client;
    this.client = null;
    if (client) await client.close().catch(() => undefined);
    this.set('stopped', null);
  }

  async callTool(name: string, args: unknown, signal: AbortSignal): Promise<string> {
    const client = this.client;
    if (!client) throw new ToolError('tool_failed', `The MCP server "${this.serverName}" is not running.`);
    try {
      const result = await client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, {
        signal,
        timeout: MCP_TOOL_TIMEOUT_MS,
      });
      const text = resultText(result.content);
      if (result.isError) throw new ToolError('tool_failed', text || 'The MCP tool reported an error');
      return text;
    } catch (error) {
      if (error instanceof ToolError) throw error;
      const why = this.isRunning() ? (error instanceof Error ? error.message : String(error)) : this.downReason();
      throw new ToolError('tool_failed', `The MCP server "${this.serverName}" failed the call: ${why}`);
    }
  }

  private async listTools(client: Client): Promise<RemoteTool[]> {
    const { tools } = await client.listTools(undefined, { timeout: CONNECT_TIMEOUT_MS });
    return tools.slice(0, MAX_TOOLS).map((t) => ({
      name: t.name,
      title: t.title ?? t.annotations?.title,
      description: t.description,
      inputSchema: t.inputSchema as Record<string, unknown>,
    }));
  }

  private set(state: ConnectionState, error: string | null): void {
    this.state = state;
    this.error = error;
    this.events.onChange();
  }
}
