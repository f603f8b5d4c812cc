/** The SDK transports for a server config, plus what the SDK's stdio transport does not report: how the child exited. */
import type { ChildProcess } from 'node:child_process';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from './mcpConfigStore';

const STDERR_TAIL_CHARS = 4000;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A stdio child's stderr tail and exit status, for crash reasons a user can act on. */
export class StdioWatch {
  stderr = '';
  exit: ExitInfo | null = null;

  attach(transport: StdioClientTransport): void {
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + String(chunk)).slice(-STDERR_TAIL_CHARS);
    });
    const start = transport.start.bind(transport);
    transport.start = async () => {
      await start();
      // The SDK keeps the child private and reports only "closed"; the exit code and signal are the useful part.
      const child = (transport as unknown as { _process?: ChildProcess })._process;
      child?.once('exit', (code, signal) => (this.exit = { code, signal }));
    };
  }

  /** "exited with code 3: <last useful stderr lines>" */
  reason(): string {
    const status = !this.exit
      ? 'the server stopped unexpectedly'
      : this.exit.signal
        ? `the server was killed by ${this.exit.signal}`
        : `the server exited with code ${String(this.exit.code)}`;
    const tail = usefulStderr(this.stderr);
    return tail ? `${status}: ${tail}` : status;
  }
}

// Banner lines servers print on every start say nothing about why they stopped.
const NOISE = /^(starting|started|running|listening|server (is )?running|.*\bserver running on stdio\b)/i;

/** The last few stderr lines that are not start-up banners, joined. */
export function usefulStderr(stderr: string, maxLines = 4, maxChars = 600): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.test(line));
  const text = lines.slice(-maxLines).join(' | ');
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}

export function stdioTransport(config: Extract<McpServerConfig, { transport: 'stdio' }>, watch: StdioWatch): Transport {
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args,
    env: { ...getDefaultEnvironment(), ...config.env },
    stderr: 'pipe',
  });
  watch.attach(transport);
  return transport;
}

export function httpTransport(config: Extract<McpServerConfig, { transport: 'http' }>, legacySse: boolean): Transport {
  const requestInit = { headers: config.headers };
  const url = new URL(config.url);
  if (legacySse)
    return new SSEClientTransport(url, { requestInit, eventSourceInit: { fetch: withHeaders(config.headers) } });
  return new StreamableHTTPClientTransport(url, { requestInit });
}

/** The SSE stream's GET needs the same headers (e.g. Authorization) as the POSTs. */
function withHeaders(headers: Record<string, string>): typeof fetch {
  return (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } });
}
