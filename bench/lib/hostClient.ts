/** A Node client of the headless host's WebSocket bridge, speaking the same frames the renderer does. */
import WebSocket from 'ws';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX, type ClientFrame, type ServerFrame } from '../../src-preload/wire';

export interface HostClient {
  request<T = unknown>(route: string, input: unknown): Promise<T>;
  /** Every event frame, with the time (performance.now()) it was parsed. */
  onEvent(listener: (name: string, payload: unknown, at: number) => void): () => void;
  close(): void;
}

export async function connectHost(hostUrl: string): Promise<HostClient> {
  const url = new URL(hostUrl);
  const token = url.searchParams.get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}${WS_PATH}`, [`${WS_TOKEN_PROTOCOL_PREFIX}${token}`], {
    origin: url.origin,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners = new Set<(name: string, payload: unknown, at: number) => void>();
  ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(String(data)) as ServerFrame;
    if (frame.type === 'event') {
      for (const listener of listeners) listener(frame.name, frame.payload, at);
      return;
    }
    const waiter = frame.id === null ? undefined : pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id!);
    if (frame.result.ok) waiter.resolve(frame.result.value);
    else waiter.reject(new Error(`${frame.result.error.code}: ${frame.result.error.message}`));
  });
  ws.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('host socket closed'));
    pending.clear();
  });
  return {
    request: <T>(route: string, input: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'request', id, route, input } satisfies ClientFrame));
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => ws.close(),
  };
}
