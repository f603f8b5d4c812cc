import { IPC_EVENT_CHANNEL, type EventName, type EventPayload } from '@contract';
import type { EventSink, Logger } from '../core/ports';
import { ourWebContents } from './windows';

/** Pushes core events to every live window of ours; the preload filters them by name. */
export function createWindowEventSink(logger: Logger): EventSink {
  return {
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      for (const contents of ourWebContents()) {
        try {
          contents.send(IPC_EVENT_CHANNEL, name, payload);
        } catch (error) {
          // A window closing mid-send must not break delivery to the others.
          logger.warn('event delivery failed', { event: name, error: String(error) });
        }
      }
    },
  };
}
