import type { Envelope } from '@contract';
// Types only: the schema itself loads on demand (loadFrameSchema).
import type { ServerFrame } from '../../src-preload/wire';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from '../../src-preload/wireConstants';

export type ConnectionStatus =
  { state: 'connecting' } | { state: 'open' } | { state: 'closed'; reason: string; retryInMs: number | null };

const TOKEN_KEY = 'outpost.session-token';
const REQUEST_TIMEOUT_MS = 120_000;

/** Takes the token from `?token=` once, keeps it for reloads, and removes it from the address bar. */
export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

interface Pending {
  resolve(envelope: Envelope<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

type FrameSchema = typeof ServerFrame;
let frameSchema: Promise<FrameSchema> | null = null;

/** The frame schema (zod) loads beside the first paint instead of in its script; a failed load is retried. */
function loadFrameSchema(): Promise<FrameSchema> {
  frameSchema ??= import('../../src-preload/wire').then(
    (wire) => wire.ServerFrame,
    (error: unknown) => {
      frameSchema = null;
      throw error;
    },
  );
  return frameSchema;
}

export function createSocketTransport(location: Location, storage: Storage, history: History) {
  const token = takeToken(location, storage, history);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = { state: 'connecting' };
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  let attempt = 0;
  let schema: FrameSchema | null = null;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };
  const failAll = (message: string) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'disconnected', message } });
      pending.delete(id);
    }
  };

  function connect(): Promise<WebSocket> {
    if (!token) {
      setStatus({
        state: 'closed',
        reason: 'No access token: open the URL that `npm start` printed.',
        retryInMs: null,
      });
      return Promise.reject(new Error('no token'));
    }
    setStatus({ state: 'connecting' });
    if (!schema) {
      return loadFrameSchema().then(
        (loaded) => {
          schema = loaded;
          return connect();
        },
        () => {
          opened = null;
          const reason = 'Could not load the page’s connection code; is the host running?';
          retryLater(reason);
          throw new Error(reason);
        },
      );
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}${WS_PATH}`, [WS_TOKEN_PROTOCOL_PREFIX + token]);
    socket = ws;
    return new Promise((resolve, reject) => {
      ws.onopen = () => {
        attempt = 0;
        setStatus({ state: 'open' });
        resolve(ws);
      };
      ws.onmessage = (event) => onFrame(String(event.data));
      ws.onclose = (event) => {
        socket = null;
        opened = null;
        failAll('Lost the connection to Outpost');
        const reason =
          status.state === 'open'
            ? 'Connection to Outpost lost; reconnecting.'
            : `Could not connect (code ${event.code}); is the host running and the token current?`;
        retryLater(reason);
        reject(new Error(reason));
      };
    });
  }

  function retryLater(reason: string) {
    attempt += 1;
    const retryInMs = Math.min(10_000, 250 * 2 ** Math.min(attempt, 6));
    setStatus({ state: 'closed', reason, retryInMs });
    setTimeout(() => void ensureOpen().catch(() => {}), retryInMs);
  }

  function ensureOpen(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    opened ??= connect();
    return opened;
  }

  function onFrame(text: string) {
    let frame: ServerFrame;
    try {
      if (!schema) throw new Error('no frame schema'); // frames only arrive on a socket opened after it loaded
      frame = schema.parse(JSON.parse(text));
    } catch {
      console.warn('outpost: ignoring malformed frame from host');
      return;
    }
    if (frame.type === 'event') {
      for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload);
      return;
    }
    const p = frame.id === null ? undefined : pending.get(frame.id);
    if (!p || frame.id === null) return;
    clearTimeout(p.timer);
    pending.delete(frame.id);
    p.resolve(frame.result as Envelope<unknown>);
  }

  void ensureOpen().catch(() => {});

  return {
    async request(route: string, input: unknown): Promise<Envelope<unknown>> {
      let ws: WebSocket;
      try {
        ws = await ensureOpen();
      } catch (error) {
        return { ok: false, error: { code: 'disconnected', message: (error as Error).message } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'disconnected', message: `${route} timed out` } });
        }, REQUEST_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        ws.send(JSON.stringify({ type: 'request', id, route, input }));
      });
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onStatus(listener: (status: ConnectionStatus) => void): () => void {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
