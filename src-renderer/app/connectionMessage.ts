import type { BannerLevel } from '../components/Banner';
import { secondsUntil } from '../lib/format';
import type { Connection } from '../stores/appStore';

export interface ConnectionMessage {
  level: BannerLevel;
  title: string;
  detail: string | null;
  /** True when nothing will retry on its own, so the UI should offer a reload. */
  offerReload: boolean;
}

export interface ConnectionHistory {
  everOpen: boolean;
  everClosed: boolean;
}

/** A first connect shorter than this is not worth a banner; it would only flash. */
export const CONNECTING_GRACE_MS = 700;

/**
 * What the connection banner says at `now`, or null when there is nothing to say. Retries keep
 * the failure's title and level, so the banner does not flicker as attempts come and go.
 */
export function connectionMessage(
  connection: Connection,
  { everOpen, everClosed }: ConnectionHistory,
  now: number,
): ConnectionMessage | null {
  const failure = everOpen
    ? { level: 'warning' as const, title: 'Connection to Outpost lost' }
    : { level: 'error' as const, title: 'Not connected to Outpost' };
  switch (connection.state) {
    case 'open':
      return null;
    case 'connecting':
      if (everOpen || everClosed) return { ...failure, detail: 'Trying to reconnect…', offerReload: false };
      if (now - connection.since < CONNECTING_GRACE_MS) return null;
      return { level: 'info', title: 'Connecting to Outpost…', detail: null, offerReload: false };
    case 'closed': {
      const retry =
        connection.retryInMs === null
          ? 'Outpost will not retry on its own; reload once the problem is fixed.'
          : `Retrying in ${secondsUntil(connection.since + connection.retryInMs, now)} s.`;
      return { ...failure, detail: `${connection.reason} ${retry}`, offerReload: connection.retryInMs === null };
    }
  }
}
