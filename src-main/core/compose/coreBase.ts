/** What every domain is wired on: clock, logger, timings, the database, outward events, settings, the network guard. */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AppNotice } from '@contract';
import { EventHub } from '../events/eventHub';
import { StartupTimings } from '../lib/startupTimings';
import { TokenMeter } from '../monitoring/tokenMeter';
import { NetworkGuard, guardGlobalFetch } from '../net/networkGuard';
import { systemClock, type Clock, type CorePorts, type Logger } from '../ports';
import { SettingsService } from '../settings/settingsService';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';

export const DATABASE_FILE_NAME = 'outpost.db';

export interface CoreBase {
  ports: CorePorts;
  clock: Clock;
  now: () => number;
  logger: Logger;
  timings: StartupTimings;
  db: Database;
  dbFile: string;
  /** Shown once by app.status (e.g. a recovered database). */
  notices: AppNotice[];
  tokens: TokenMeter;
  /** Outward only: clients get the topics they subscribed to; nothing in core listens here. */
  events: EventHub;
  settings: SettingsService;
  /** Every outbound request goes through the guard, tagged with why it is made (see core/net). */
  network: NetworkGuard;
  /** Closes what the base opened: the database and the process-wide fetch guard. Last in dispose. */
  close(): void;
}

export function composeBase(ports: CorePorts): CoreBase {
  const clock = ports.clock ?? systemClock;
  const now = () => clock.now();
  const { logger } = ports;
  const timings = ports.startup ?? new StartupTimings();
  timings.mark('core modules');
  const dbFile = path.join(ports.paths.dataDir, DATABASE_FILE_NAME);
  const { db, recovery } = openDatabase(dbFile, migrations, logger, now, ports.sqlite);
  timings.mark('database + migrations');

  const events = new EventHub(logger, ports.events);
  const settings = new SettingsService(db, dbFile, events, logger, now, ports.settingDefaults);
  const network = new NetworkGuard({
    fetchImpl: ports.fetch ?? globalThis.fetch,
    isOffline: () => settings.get().offlineMode,
    logger,
    clock,
  });
  const unguardGlobalFetch = ports.guardGlobalFetch ? guardGlobalFetch(network) : () => undefined;
  return {
    ports,
    clock,
    now,
    logger,
    timings,
    db,
    dbFile,
    notices: recovery ? [recovery] : [],
    tokens: new TokenMeter(now),
    events,
    settings,
    network,
    close() {
      db.close();
      unguardGlobalFetch();
    },
  };
}
