import type { WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, type EventName, type EventPayload } from '@contract';
import type { DeliverEvent } from '../core/events/eventHub';
import type { Logger } from '../core/ports';

/** Sends one window the events of the topics it subscribed to; the preload hands them on by name. */
export function deliverTo(contents: WebContents, logger: Logger): DeliverEvent {
  return <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    if (contents.isDestroyed()) return;
    try {
      contents.send(IPC_EVENT_CHANNEL, name, payload);
    } catch (error) {
      // A window closing mid-send must not break delivery to the others.
      logger.warn('event delivery failed', { event: name, error: String(error) });
    }
  };
}
