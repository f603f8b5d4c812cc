/** Lets the runtime follow one request's streamed deltas while every event still reaches the host. */
import type { EventName, EventPayload } from '@contract';
import type { EventSink } from '../../ports';

export type DeltaListener = (delta: string) => void;

export interface TokenSource {
  /** Returns an unsubscribe function. */
  subscribe(requestId: string, listener: DeltaListener): () => void;
}

export class TokenTap implements EventSink, TokenSource {
  private readonly listeners = new Map<string, DeltaListener>();

  constructor(private readonly inner?: EventSink) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.inner?.emit(name, payload);
    if (name !== 'inference.token') return;
    const token = payload as EventPayload<'inference.token'>;
    this.listeners.get(token.requestId)?.(token.delta);
  }

  subscribe(requestId: string, listener: DeltaListener): () => void {
    this.listeners.set(requestId, listener);
    return () => {
      if (this.listeners.get(requestId) === listener) this.listeners.delete(requestId);
    };
  }
}
