import type { Envelope, EventName, EventPayload, RouteInput, RouteName, RouteOutput } from '@contract';
// The class alone, not the contract's schemas: those would put zod in the first script.
import { OutpostError } from '../src-preload/contract/outpostError';
import { fixedTopicOf } from '../src-preload/topics';
import type { OutpostPreloadApi } from '../src-preload/api';
import { createSocketTransport, type ConnectionStatus } from './lib/socketTransport';
import { createTopicSubscriptions } from './lib/topicSubscriptions';

declare global {
  interface Window {
    outpost?: OutpostPreloadApi;
  }
}

/** The one typed client the UI uses, whichever shell hosts it. */
export interface Bridge {
  readonly kind: 'electron' | 'headless';
  request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>>;
  /**
   * Listens to an event. An event with a fixed topic (`models`, `settings`…) is subscribed while someone
   * listens; per-id topics (a conversation, a test prompt) also need `subscribe`.
   */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Receives the events of one topic (see src-preload/topics.ts) until the returned function is called. */
  subscribe(topic: string): () => void;
  /** Resolves once the host has every subscription made so far (before reading a snapshot). */
  subscribed(): Promise<void>;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

function unwrap<T>(envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  throw new OutpostError(envelope.error.code, envelope.error.message, envelope.error.details);
}

interface RawTransport {
  kind: Bridge['kind'];
  request(route: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** Both shells share this: typed requests, and subscriptions sent as the `events.*` routes. */
function bridgeOver(raw: RawTransport): Bridge {
  const request = async <R extends RouteName>(route: R, input: RouteInput<R>) =>
    unwrap<RouteOutput<R>>(await raw.request(route, input));
  const topics = createTopicSubscriptions((route, list) => request(route, { topics: list }));
  let wasClosed = false;
  raw.onStatus((status) => {
    if (status.state === 'closed') wasClosed = true;
    if (status.state === 'open' && wasClosed) {
      wasClosed = false;
      topics.resubscribe();
    }
  });
  return {
    kind: raw.kind,
    request,
    on: (event, listener) => {
      const off = raw.on(event, listener as (payload: unknown) => void);
      const topic = fixedTopicOf(event);
      const release = topic ? topics.add(topic) : () => {};
      return () => {
        off();
        release();
      };
    },
    subscribe: (topic) => topics.add(topic),
    subscribed: () => topics.settled(),
    onStatus: (listener) => raw.onStatus(listener),
  };
}

function fromPreload(api: OutpostPreloadApi): Bridge {
  return bridgeOver({
    kind: 'electron',
    request: (route, input) => api.request(route, input),
    on: (event, listener) => api.on(event, listener),
    onStatus: (listener) => {
      listener({ state: 'open' });
      return () => {};
    },
  });
}

function fromSocket(): Bridge {
  const transport = createSocketTransport(window.location, window.sessionStorage, window.history);
  return bridgeOver({ kind: 'headless', ...transport });
}

let instance: Bridge | null = null;

/** `window.outpost` in Electron, the loopback WebSocket in headless mode: same interface. */
export function getBridge(): Bridge {
  instance ??= window.outpost ? fromPreload(window.outpost) : fromSocket();
  return instance;
}
