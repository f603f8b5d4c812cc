import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import type { WebSocketServer } from 'ws';
import type { Core } from '../core/createCore';
import type { Logger } from '../core/ports';
import { WS_MAX_FRAME_BYTES, WS_PATH } from '../../src-preload/wireConstants';
import { contentSecurityPolicy, isAllowedHost, refuseUpgrade } from './hostGuard';
import { InFlight } from './inFlight';

export interface HeadlessServerOptions {
  /** A promise lets the page be served while core still starts; sockets are accepted once it is ready. */
  core: Core | Promise<Core>;
  rendererDir: string;
  token: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
}

export interface HeadlessServer {
  port: number;
  url: string;
  /** Resolves once no response is being written (start-up loads core's next piece after that). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** A citation's file, handed out once for a token the core issued (knowledge.openFile). */
function sendDownload(file: string, res: http.ServerResponse, logger: Logger): void {
  const stream = fs.createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(file))}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    stream.pipe(res);
  });
  stream.once('error', (error) => {
    logger.warn('knowledge download failed', { error: error.message });
    if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    else res.destroy();
  });
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    // Loopback only: the contract is never reachable from another machine.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { logger, token } = options;
  let port = options.port;
  let core: Core | null = null;
  const coreReady = Promise.resolve(options.core).then((ready) => (core = ready));
  coreReady.catch(() => undefined); // the host reports a failed start; sockets then stay unanswered and close
  // The socket session (the contract's zod schemas) and ws load beside core, not before the page is served.
  let wss: WebSocketServer | null = null;
  const sockets = coreReady.then(async (ready) => {
    const [{ serveSocket }, { WebSocketServer }] = await Promise.all([import('./socketSession'), import('ws')]);
    wss = new WebSocketServer({
      noServer: true,
      maxPayload: WS_MAX_FRAME_BYTES,
      // Echo back the token subprotocol the client offered; browsers require a selected protocol.
      handleProtocols: (protocols) => protocols.values().next().value ?? false,
    });
    return { ready, webSockets: wss, serveSocket };
  });
  sockets.catch(() => undefined);
  const responses = new InFlight();
  const assets = sirv(options.rendererDir, {
    single: true,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    },
  });
  const server = http.createServer((req, res) => {
    if (!isAllowedHost(req, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Host not allowed');
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    // No download link exists before core does.
    const download = req.method === 'GET' ? (core?.redeemDownload(pathname) ?? null) : null;
    if (download) {
      sendDownload(download, res, logger);
      return;
    }
    res.once('close', responses.begin()); // 'close' follows 'finish', and also comes alone when the client went away
    assets(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    });
  });
  const waitingUpgrades = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const refusal = path === WS_PATH ? refuseUpgrade(req, port, token) : { status: 404, why: 'no such endpoint' };
    if (refusal) {
      logger.warn('websocket refused', { why: refusal.why, origin: req.headers.origin ?? null });
      socket.end(`HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\nConnection: close\r\n\r\n`);
      return;
    }
    waitingUpgrades.add(socket);
    void sockets.then(
      ({ ready, webSockets, serveSocket }) => {
        waitingUpgrades.delete(socket);
        webSockets.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', (error) => logger.warn('websocket error', { error: error.message }));
          serveSocket(ws, ready, logger);
        });
      },
      () => socket.destroy(),
    );
  });

  port = await listen(server, port);
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    settled: () => responses.settled(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss?.clients ?? []) ws.terminate();
        for (const socket of waitingUpgrades) socket.destroy(); // still waiting for core: it would hold close()
        wss?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
