/** Test double for the Bridge: scripted route handlers plus a way to emit events and status changes. */
import {
  OutpostError,
  type EventName,
  type EventPayload,
  type RouteInput,
  type RouteName,
  type RouteOutput,
} from '@contract';
import type { Bridge } from '../bridge';
import type { ConnectionStatus } from '../lib/socketTransport';

export type FakeHandlers = { [R in RouteName]?: (input: RouteInput<R>) => Promise<RouteOutput<R>> };

export interface FakeBridge extends Bridge {
  handlers: FakeHandlers;
  calls: { route: RouteName; input: unknown }[];
  /** Topics held through `subscribe`, with how many holders each. */
  topics: Map<string, number>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  setStatus(status: ConnectionStatus): void;
}

export function createFakeBridge(handlers: FakeHandlers = {}): FakeBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = { state: 'open' };
  const fake: FakeBridge = {
    kind: 'headless',
    handlers,
    calls: [],
    topics: new Map(),
    async request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
      fake.calls.push({ route, input });
      // Indexing a mapped type with a generic key loses the correlation; the cast restores it.
      const handler = fake.handlers[route] as ((input: RouteInput<R>) => Promise<RouteOutput<R>>) | undefined;
      if (!handler) throw new OutpostError('unknown_route', `fake bridge has no handler for ${route}`);
      return handler(input);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    subscribe(topic) {
      fake.topics.set(topic, (fake.topics.get(topic) ?? 0) + 1);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        const left = (fake.topics.get(topic) ?? 1) - 1;
        if (left > 0) fake.topics.set(topic, left);
        else fake.topics.delete(topic);
      };
    },
    subscribed: async () => undefined,
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    setStatus(next) {
      status = next;
      for (const listener of statusListeners) listener(next);
    },
  };
  return fake;
}

/** A promise plus its resolve/reject, to hold a fake request open while a test looks at the store. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
