/**
 * The renderer's side of `events.subscribe`: topics are counted per listener, changes made in the same tick
 * go out as one request, and after a reconnect every live topic is subscribed again (a new socket starts
 * with none).
 */
export type SubscriptionRoute = 'events.subscribe' | 'events.unsubscribe';
export type SendSubscriptions = (route: SubscriptionRoute, topics: string[]) => Promise<unknown>;

export interface TopicSubscriptions {
  /** Counts one more listener of `topic`; the returned function undoes exactly that one. */
  add(topic: string): () => void;
  /** Resolves once every change made so far has been sent and answered. */
  settled(): Promise<void>;
  /** The host forgot us (new socket): subscribe every topic someone still listens to. */
  resubscribe(): void;
}

export function createTopicSubscriptions(send: SendSubscriptions): TopicSubscriptions {
  const counts = new Map<string, number>();
  /** What the host has been told (or is being told) we receive. */
  const sent = new Set<string>();
  /** A flush queued for the end of this tick; `last` also covers its requests, for settled(). */
  let queued: Promise<void> | null = null;
  let last: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    const wanted = [...counts.keys()].filter((t) => !sent.has(t));
    const unwanted = [...sent].filter((t) => !counts.has(t));
    for (const t of wanted) sent.add(t);
    for (const t of unwanted) sent.delete(t);
    const requests: Promise<unknown>[] = [];
    if (wanted.length > 0) {
      requests.push(
        send('events.subscribe', wanted).catch(() => {
          // Not subscribed after all (disconnected): the next reconnect or change tries again.
          for (const t of wanted) sent.delete(t);
        }),
      );
    }
    if (unwanted.length > 0) requests.push(send('events.unsubscribe', unwanted).catch(() => undefined));
    await Promise.all(requests);
  }

  const schedule = () => {
    // One request for everything changed in this tick.
    queued ??= last = Promise.resolve().then(() => {
      queued = null;
      return flush();
    });
  };

  return {
    add(topic) {
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      schedule();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const left = (counts.get(topic) ?? 1) - 1;
        if (left > 0) counts.set(topic, left);
        else counts.delete(topic);
        schedule();
      };
    },
    settled: () => last,
    resubscribe() {
      sent.clear();
      schedule();
    },
  };
}
