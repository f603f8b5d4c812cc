import { describe, expect, it } from 'vitest';
import { CONNECTING_GRACE_MS, connectionMessage } from './connectionMessage';

const fresh = { everOpen: false, everClosed: false };
const wasOpen = { everOpen: true, everClosed: true };

describe('connectionMessage', () => {
  it('says nothing while open', () => {
    expect(connectionMessage({ state: 'open', since: 0 }, wasOpen, 5_000)).toBeNull();
  });

  it('waits a moment before announcing the first connect', () => {
    expect(connectionMessage({ state: 'connecting', since: 1_000 }, fresh, 1_100)).toBeNull();
    const later = connectionMessage({ state: 'connecting', since: 1_000 }, fresh, 1_000 + CONNECTING_GRACE_MS);
    expect(later).toMatchObject({ level: 'info', title: 'Connecting to Outpost…' });
  });

  it('keeps the failure title while a retry is connecting', () => {
    expect(connectionMessage({ state: 'connecting', since: 1_000 }, wasOpen, 1_000)).toMatchObject({
      level: 'warning',
      title: 'Connection to Outpost lost',
      detail: 'Trying to reconnect…',
    });
    const neverOpened = connectionMessage(
      { state: 'connecting', since: 1_000 },
      { everOpen: false, everClosed: true },
      1_000,
    );
    expect(neverOpened).toMatchObject({ level: 'error', title: 'Not connected to Outpost' });
  });

  it('counts down to the next retry', () => {
    const closed = {
      state: 'closed',
      reason: 'Connection to Outpost lost; reconnecting.',
      retryInMs: 4_000,
      since: 10_000,
    } as const;
    expect(connectionMessage(closed, wasOpen, 10_000)?.detail).toBe(
      'Connection to Outpost lost; reconnecting. Retrying in 4 s.',
    );
    expect(connectionMessage(closed, wasOpen, 12_500)?.detail).toMatch(/Retrying in 2 s\.$/);
    expect(connectionMessage(closed, wasOpen, 20_000)?.detail).toMatch(/Retrying in 0 s\.$/);
    expect(connectionMessage(closed, wasOpen, 10_000)).toMatchObject({ level: 'warning', offerReload: false });
  });

  it('offers a reload when nothing will retry', () => {
    const message = connectionMessage(
      { state: 'closed', reason: 'No access token.', retryInMs: null, since: 0 },
      fresh,
      0,
    );
    expect(message).toMatchObject({ level: 'error', title: 'Not connected to Outpost', offerReload: true });
  });
});
