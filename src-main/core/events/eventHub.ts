/**
 * The outward event path: services emit, the hub sends each event only to the clients subscribed to its
 * topic. Core never reads these events back; services that react to a fact subscribe to its owner.
 */
import type { EventName, EventPayload } from '@contract';
import { topicOf } from '../../../src-preload/topics';
import type { EventSink, Logger } from '../ports';

/** How a transport hands one event to one client (a WebSocket frame, a webContents.send). */
export type DeliverEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** One connected client's subscriptions; handlers reach it through the request context. */
export interface EventClient {
  readonly id: number;
  subscribe(topics: readonly string[]): string[];
  unsubscribe(topics: readonly string[]): string[];
  topics(): string[];
  /** Drops every subscription (socket closed, window navigated away). */
  close(): void;
}

/** Called when a topic gains its first subscriber (true) or loses its last (false). */
export type WatchListener = (watched: boolean) => void;

interface Client {
  id: number;
  deliver: DeliverEvent;
  topics: Set<string>;
}

export class EventHub implements EventSink {
  private readonly clients = new Set<Client>();
  private readonly watchers = new Map<string, Set<WatchListener>>();
  private nextId = 1;

  /** `observer` sees every event whatever the subscriptions (tests and benches record through it). */
  constructor(
    private readonly logger: Logger,
    private readonly observer?: EventSink,
  ) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.observer?.emit(name, payload);
    if (this.clients.size === 0) return;
    const topic = topicOf(name, payload);
    for (const client of this.clients) {
      if (!client.topics.has(topic)) continue;
      try {
        client.deliver(name, payload);
      } catch (error) {
        // One client going away mid-send must not stop delivery to the others.
        this.logger.warn('event delivery failed', { event: name, client: client.id, error: String(error) });
      }
    }
  }

  connect(deliver: DeliverEvent): EventClient {
    const client: Client = { id: this.nextId++, deliver, topics: new Set() };
    this.clients.add(client);
    const change = (topics: readonly string[], add: boolean) => {
      for (const topic of topics) {
        if (client.topics.has(topic) === add) continue;
        const before = this.subscribers(topic);
        if (add) client.topics.add(topic);
        else client.topics.delete(topic);
        this.notifyWatchers(topic, before, this.subscribers(topic));
      }
      return [...client.topics];
    };
    return {
      id: client.id,
      subscribe: (topics) => (this.clients.has(client) ? change(topics, true) : []),
      unsubscribe: (topics) => change(topics, false),
      topics: () => [...client.topics],
      close: () => {
        change([...client.topics], false);
        this.clients.delete(client);
      },
    };
  }

  /** How many clients currently receive a topic. */
  subscribers(topic: string): number {
    let count = 0;
    for (const client of this.clients) if (client.topics.has(topic)) count++;
    return count;
  }

  /** Lets the owner of a topic work only while someone watches it (e.g. monitoring's sampler). */
  onWatch(topic: string, listener: WatchListener): () => void {
    const set = this.watchers.get(topic) ?? new Set<WatchListener>();
    this.watchers.set(topic, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  private notifyWatchers(topic: string, before: number, after: number): void {
    if ((before === 0) === (after === 0)) return;
    for (const listener of this.watchers.get(topic) ?? []) {
      try {
        listener(after > 0);
      } catch (error) {
        this.logger.error('topic watcher failed', { topic, error: String(error) });
      }
    }
  }
}
