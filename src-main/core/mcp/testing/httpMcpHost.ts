/** Serves an SDK Server over Streamable HTTP on loopback for tests; can stop and come back on the same port. */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export class HttpMcpHost {
  private server: http.Server | null = null;
  private transports = new Map<string, StreamableHTTPServerTransport>();
  port = 0;
  /** Sessions opened since the host was created (a reconnect opens a new one). */
  sessions = 0;

  constructor(
    private readonly makeServer: () => Server,
    private readonly requiredAuth: string | null = null,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/mcp`;
  }

  async start(): Promise<void> {
    this.transports = new Map();
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Like a crash: sessions are lost, open connections cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const transport of this.transports.values()) await transport.close().catch(() => undefined);
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.requiredAuth && req.headers.authorization !== this.requiredAuth) {
      res.writeHead(401).end('unauthorized');
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? this.transports.get(sessionId) : undefined;
    if (existing) return existing.handleRequest(req, res);
    if (req.method !== 'POST' || sessionId) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions += 1;
        this.transports.set(id, transport);
      },
    });
    await this.makeServer().connect(transport);
    await transport.handleRequest(req, res);
  }
}
