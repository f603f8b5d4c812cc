import type { Envelope, EventName, EventPayload, RouteInput, RouteName, RouteOutput } from '@contract';
// The class alone, not the contract's index: that would put every route schema in the first script.
import { OutpostError } from '../src-preload/contract/envelope';
import type { OutpostPreloadApi } from '../src-preload/api';
import { createSocketTransport, type ConnectionStatus } from './lib/socketTransport';

declare global {
  interface Window {
    outpost?: OutpostPreloadApi;
  }
}

/** The one typed client the UI uses, whichever shell hosts it. */
export interface Bridge {
  readonly kind: 'electron' | 'headless';
  request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

function unwrap<T>(envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  throw new OutpostError(envelope.error.code, envelope.error.message, envelope.error.details);
}

function fromPreload(api: OutpostPreloadApi): Bridge {
  return {
    kind: 'electron',
    request: async (route, input) => unwrap(await api.request(route, input)),
    on: (event, listener) => api.on(event, listener as (payload: unknown) => void),
    onStatus: (listener) => {
      listener({ state: 'open' });
      return () => {};
    },
  };
}

function fromSocket(): Bridge {
  const transport = createSocketTransport(window.location, window.sessionStorage, window.history);
  return {
    kind: 'headless',
    request: async (route, input) => unwrap(await transport.request(route, input)),
    on: (event, listener) => transport.on(event, listener as (payload: unknown) => void),
    onStatus: (listener) => transport.onStatus(listener),
  };
}

let instance: Bridge | null = null;

/** `window.outpost` in Electron, the loopback WebSocket in headless mode: same interface. */
export function getBridge(): Bridge {
  instance ??= window.outpost ? fromPreload(window.outpost) : fromSocket();
  return instance;
}
