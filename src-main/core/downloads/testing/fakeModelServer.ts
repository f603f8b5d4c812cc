/**
 * A loopback HTTP server for download tests: serves files with or without Range support and can cut
 * connections, throttle, corrupt bytes, fail, redirect (also to a second port = another origin) and
 * change ETags. Every request is logged with the headers a test may want to assert on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileBehaviour {
  /** Default true; false answers every request with the whole file (200). */
  honourRange?: boolean;
  /** Absolute offsets; a response that passes the next one is cut there (socket destroyed mid-body). */
  cutAt?: number[];
  /** Like cutAt, but the server goes silent at the offset and keeps the connection open. */
  hangAt?: number[];
  /** Throttle the body to about this rate. */
  bytesPerSecond?: number;
  /** This byte is flipped in every response: the file arrives complete but with a wrong hash. */
  corruptAt?: number;
  /** The next requests answer these statuses (one each), then normal service resumes. */
  statusQueue?: number[];
  /** Every request answers this status (e.g. 404). */
  status?: number;
  /** The Authorization value required; anything else gets 401. */
  requireAuth?: string;
  /** A fresh ETag on every request, as if the file were replaced between requests. */
  changingEtag?: boolean;
  /** Send no Content-Length (chunked), so the client cannot know where the body ends. */
  omitLength?: boolean;
  /** Answer 302 to this location (a path, or a full URL such as `otherOriginUrl(...)`). */
  redirectTo?: string;
}

export interface LoggedRequest {
  path: string;
  port: number;
  range: string | null;
  ifRange: string | null;
  authorization: string | null;
  acceptEncoding: string | null;
  status: number;
}

interface Served {
  body: Buffer;
  behaviour: FileBehaviour;
  etagVersion: number;
}

const CHUNK_BYTES = 64 * 1024;
const LAST_MODIFIED = new Date(Date.UTC(2025, 0, 1)).toUTCString();

export class FakeModelServer {
  readonly requests: LoggedRequest[] = [];
  /** Most bodies ever being sent at the same time. */
  maxConcurrentBodies = 0;
  private activeBodies = 0;
  private readonly files = new Map<string, Served>();
  private readonly servers: http.Server[] = [];

  private constructor() {}

  /** Listens on two loopback ports; the second one is a different origin for redirect tests. */
  static async start(): Promise<FakeModelServer> {
    const server = new FakeModelServer();
    for (let i = 0; i < 2; i++) {
      const listener = http.createServer((req, res) => server.handle(req, res));
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      server.servers.push(listener);
    }
    return server;
  }

  url(filePath: string): string {
    return `http://127.0.0.1:${this.port(0)}${filePath}`;
  }

  otherOriginUrl(filePath: string): string {
    return `http://127.0.0.1:${this.port(1)}${filePath}`;
  }

  serve(filePath: string, body: Buffer, behaviour: FileBehaviour = {}): string {
    this.files.set(filePath, { body, behaviour: { ...behaviour }, etagVersion: 1 });
    return this.url(filePath);
  }

  /** Changes how a served path behaves from the next request on. */
  behave(filePath: string, patch: FileBehaviour): void {
    const served = this.files.get(filePath);
    if (!served) throw new Error(`not served: ${filePath}`);
    served.behaviour = { ...served.behaviour, ...patch };
  }

  requestsFor(filePath: string): LoggedRequest[] {
    return this.requests.filter((request) => request.path === filePath);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (listener) =>
          new Promise<void>((resolve) => {
            listener.closeAllConnections();
            listener.close(() => resolve());
          }),
      ),
    );
  }

  private port(index: number): number {
    return (this.servers[index]?.address() as AddressInfo).port;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const filePath = new URL(req.url ?? '/', 'http://x').pathname;
    const served = this.files.get(filePath);
    const header = (name: string): string | null => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : null;
    };
    const log = (status: number) =>
      this.requests.push({
        path: filePath,
        port: req.socket.localPort ?? 0,
        range: header('range'),
        ifRange: header('if-range'),
        authorization: header('authorization'),
        acceptEncoding: header('accept-encoding'),
        status,
      });
    const fail = (status: number) => {
      log(status);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`HTTP ${status}`);
    };
    if (!served) return fail(404);
    const { behaviour } = served;
    if (behaviour.changingEtag) served.etagVersion++;
    const queued = behaviour.statusQueue?.shift();
    if (queued !== undefined) return fail(queued);
    if (behaviour.status !== undefined) return fail(behaviour.status);
    if (behaviour.requireAuth !== undefined && header('authorization') !== behaviour.requireAuth) return fail(401);
    if (behaviour.redirectTo !== undefined) {
      log(302);
      res.writeHead(302, { location: behaviour.redirectTo }).end();
      return;
    }
    this.sendBody(req, res, served, header, log);
  }

  private sendBody(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    served: Served,
    header: (name: string) => string | null,
    log: (status: number) => void,
  ): void {
    const { body, behaviour } = served;
    const etag = `"v${served.etagVersion}-${body.length}"`;
    const common = { etag, 'last-modified': LAST_MODIFIED, 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-$/.exec(header('range') ?? '');
    const ifRange = header('if-range');
    const rangeApplies = range !== null && behaviour.honourRange !== false && (ifRange === null || ifRange === etag);
    const start = rangeApplies ? Number(range[1]) : 0;
    if (rangeApplies && start >= body.length) {
      log(416);
      res.writeHead(416, { ...common, 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const status = rangeApplies ? 206 : 200;
    log(status);
    res.writeHead(status, {
      ...common,
      'content-type': 'application/octet-stream',
      ...(behaviour.omitLength ? {} : { 'content-length': String(body.length - start) }),
      ...(rangeApplies ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    const cut = takeStop(behaviour.cutAt, start, body.length);
    const hang = cut === null ? takeStop(behaviour.hangAt, start, body.length) : null;
    this.activeBodies++;
    this.maxConcurrentBodies = Math.max(this.maxConcurrentBodies, this.activeBodies);
    let released = false;
    // Released as the last byte is handed over: the client may act on it before 'close' fires here.
    const release = () => {
      if (!released) this.activeBodies--;
      released = true;
    };
    res.once('close', release);
    void this.stream(req, res, body, start, { cut, hang, release }, behaviour);
  }

  private async stream(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    start: number,
    { cut, hang, release }: { cut: number | null; hang: number | null; release: () => void },
    behaviour: FileBehaviour,
  ): Promise<void> {
    const end = cut ?? hang ?? body.length;
    const chunkBytes = behaviour.bytesPerSecond ? Math.max(1, Math.floor(behaviour.bytesPerSecond / 20)) : CHUNK_BYTES;
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    for (let offset = start; offset < end && !res.destroyed; offset += chunkBytes) {
      const chunk = Buffer.from(body.subarray(offset, Math.min(end, offset + chunkBytes)));
      const corruptAt = behaviour.corruptAt;
      if (corruptAt !== undefined && corruptAt >= offset && corruptAt < offset + chunk.length) {
        chunk[corruptAt - offset] = (chunk[corruptAt - offset] ?? 0) ^ 0xff;
      }
      const flushed = new Promise<void>((resolve) => res.write(chunk, () => resolve()));
      if (offset + chunk.length >= body.length) release();
      const paced = behaviour.bytesPerSecond ? Promise.all([flushed, delay(50)]) : flushed;
      await Promise.race([paced, closed]);
    }
    if (res.destroyed || hang !== null) return; // a hanging response stays open until the client gives up
    if (cut !== null) req.socket.destroy();
    else res.end();
  }
}

/** The first offset in `stops` inside this response, removed so the next request gets past it. */
function takeStop(stops: number[] | undefined, start: number, length: number): number | null {
  stops?.sort((a, b) => a - b);
  const index = stops?.findIndex((offset) => offset >= start && offset < length) ?? -1;
  if (stops === undefined || index < 0) return null;
  const [offset] = stops.splice(index, 1);
  return offset ?? null;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
