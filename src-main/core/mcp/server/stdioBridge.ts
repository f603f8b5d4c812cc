/**
 * `npm run mcp`: a desktop MCP client (Claude Desktop, Cherry Studio…) starts this over stdio; it relays every
 * message to the running app's MCP endpoint (Streamable HTTP on the local API, same key). When the app is not
 * reachable, requests are answered with an error that says what to do instead of hanging.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';

export interface BridgeOptions {
  url: string;
  apiKey: string;
  stdin?: Readable;
  stdout?: Writable;
}

export const DEFAULT_MCP_URL = 'http://127.0.0.1:47810/mcp';

/** `closed` resolves once the relay stopped; `close` stops it (the host calls it when stdin ends). */
export async function runStdioBridge(
  options: BridgeOptions,
): Promise<{ closed: Promise<void>; close: () => Promise<void> }> {
  const upstream = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: { Authorization: `Bearer ${options.apiKey}` } },
  });
  const downstream = new StdioServerTransport(options.stdin, options.stdout);
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  downstream.onmessage = (message: JSONRPCMessage) => {
    upstream.send(message).catch((error: unknown) => {
      if (!isJSONRPCRequest(message)) return;
      const why = error instanceof Error ? error.message : String(error);
      void downstream.send({
        jsonrpc: '2.0',
        id: message.id,
        error: {
          code: -32000,
          message: `Outpost is not reachable at ${options.url} (${why}). Start Outpost, turn on Settings → API, and check OUTPOST_API_KEY.`,
        },
      });
    });
  };
  upstream.onmessage = (message) => void downstream.send(message);
  downstream.onclose = () => {
    void upstream.close().finally(resolveClosed);
  };
  await upstream.start();
  await downstream.start();
  return {
    closed,
    close: async () => {
      await downstream.close();
      await closed;
    },
  };
}
