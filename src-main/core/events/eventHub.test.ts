import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type EventName } from '@contract';
import { createMemoryLogger, RecordingEvents } from '../testing/testPorts';
import { EventHub } from './eventHub';

const chatToken = (conversationId: string) => ({ conversationId, messageId: 'm', delta: 'hi' });

function client(hub: EventHub) {
  const seen: EventName[] = [];
  const c = hub.connect((name) => void seen.push(name));
  return { c, seen };
}

describe('EventHub', () => {
  it('sends each event only to clients subscribed to its topic; the observer sees everything', () => {
    const observer = new RecordingEvents();
    const hub = new EventHub(createMemoryLogger(), observer);
    const a = client(hub);
    const b = client(hub);
    expect(a.c.subscribe(['conversation:one', 'settings'])).toEqual(['conversation:one', 'settings']);
    b.c.subscribe(['conversation:two']);

    hub.emit('chat.delta', chatToken('one'));
    hub.emit('chat.delta', chatToken('two'));
    hub.emit('settings.changed', DEFAULT_SETTINGS);
    hub.emit('memory.changed', { agentId: 'a' });
    expect(a.seen).toEqual(['chat.delta', 'settings.changed']);
    expect(b.seen).toEqual(['chat.delta']);
    expect(observer.events).toHaveLength(4);

    expect(a.c.unsubscribe(['settings'])).toEqual(['conversation:one']);
    a.c.close();
    hub.emit('chat.delta', chatToken('one'));
    expect(a.seen).toHaveLength(2);
    expect(a.c.subscribe(['settings'])).toEqual([]); // a closed client subscribes to nothing
  });

  it('tells a topic owner when the first viewer arrives and the last one leaves', () => {
    const hub = new EventHub(createMemoryLogger());
    const watched: boolean[] = [];
    hub.onWatch('monitoring', (w) => watched.push(w));
    const a = client(hub).c;
    const b = client(hub).c;
    a.subscribe(['monitoring']);
    b.subscribe(['monitoring']);
    a.subscribe(['monitoring']);
    a.unsubscribe(['monitoring']);
    expect(watched).toEqual([true]);
    b.close();
    expect(watched).toEqual([true, false]);
    expect(hub.subscribers('monitoring')).toBe(0);
  });

  it('keeps delivering to the others when one client throws', () => {
    const logger = createMemoryLogger();
    const hub = new EventHub(logger);
    hub
      .connect(() => {
        throw new Error('socket gone');
      })
      .subscribe(['memory']);
    const ok = client(hub);
    ok.c.subscribe(['memory']);
    hub.emit('memory.changed', { agentId: 'a' });
    expect(ok.seen).toEqual(['memory.changed']);
    expect(logger.lines.some((l) => l.message === 'event delivery failed')).toBe(true);
  });
});
