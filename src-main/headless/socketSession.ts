import { MAX_PAYLOAD_BYTES, type Envelope, type EventName, type EventPayload } from '@contract';
import type { WebSocket } from 'ws';
import type { Core } from '../core/createCore';
import type { Logger } from '../core/ports';
import { ClientFrame, type ServerFrame } from '../../src-preload/wire';

function reply(ws: WebSocket, id: number | null, result: Envelope<unknown>): void {
  const frame: ServerFrame = { type: 'response', id, result };
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function idOf(value: unknown): number | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/**
 * Serves one renderer connection: every frame is parsed and answered, nothing it sends can throw. The socket
 * is one event client: it receives only the topics it subscribed to (events.subscribe), until it closes.
 */
export function serveSocket(ws: WebSocket, core: Core, logger: Logger): void {
  const lifetime = new AbortController();
  const client = core.connect(<E extends EventName>(name: E, payload: EventPayload<E>) => {
    const frame: ServerFrame = { type: 'event', name, payload };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  });
  ws.on('close', () => {
    client.close();
    lifetime.abort();
  });
  ws.on('message', (data, isBinary) => {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      reply(ws, null, { ok: false, error: { code: 'bad_request', message: 'Frame is not valid JSON' } });
      return;
    }
    if (size > MAX_PAYLOAD_BYTES) {
      const message = `Request of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES} bytes`;
      reply(ws, idOf(raw), { ok: false, error: { code: 'payload_too_large', message } });
      return;
    }
    const frame = ClientFrame.safeParse(raw);
    if (!frame.success) {
      reply(ws, idOf(raw), { ok: false, error: { code: 'bad_request', message: 'Malformed request frame' } });
      return;
    }
    const { id, route, input } = frame.data;
    core
      .dispatch({ route, input, sizeBytes: size }, { signal: lifetime.signal, client })
      .then((result) => reply(ws, id, result))
      .catch((error: unknown) => {
        logger.error('dispatch threw', { route, error: String(error) });
        reply(ws, id, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      });
  });
}
