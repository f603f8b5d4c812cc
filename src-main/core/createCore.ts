import path from 'node:path';
import type { AppNotice } from '@contract';
import { createHandlers } from './handlers';
import { systemClock, type CorePorts } from './ports';
import { dispatch, type DispatchRequest } from './rpc/dispatch';
import type { HandlerContext, Handlers } from './rpc/handlerTypes';
import { SettingsService } from './settings/settingsService';
import { openDatabase } from './storage/openDatabase';
import { migrations } from './storage/schema';
import { createSystemProbe } from './system/systemSnapshot';

export interface Core {
  handlers: Handlers;
  /** Validates and runs one request; what every transport calls. */
  dispatch(request: DispatchRequest, ctx: HandlerContext): ReturnType<typeof dispatch>;
  dispose(): Promise<void>;
}

export const DATABASE_FILE_NAME = 'outpost.db';

/** Composition root: ports in, handlers out. Runs under plain Node and inside Electron's main. */
export async function createCore(ports: CorePorts): Promise<Core> {
  const clock = ports.clock ?? systemClock;
  const now = () => clock.now();
  const dbFile = path.join(ports.paths.dataDir, DATABASE_FILE_NAME);
  const { db, recovery } = openDatabase(dbFile, migrations, ports.logger, now);
  const notices: AppNotice[] = recovery ? [recovery] : [];

  const handlers = createHandlers({
    paths: ports.paths,
    host: ports.host,
    notices: () => [...notices],
    settings: new SettingsService(db, dbFile, ports.events, ports.logger, now),
    system: createSystemProbe(now),
  });

  let disposed = false;
  return {
    handlers,
    dispatch: (request, ctx) => dispatch(handlers, request, ctx, ports.logger),
    async dispose() {
      if (disposed) return;
      disposed = true;
      db.close();
    },
  };
}
