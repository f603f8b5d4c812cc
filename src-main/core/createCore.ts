import os from 'node:os';
import path from 'node:path';
import type { AppNotice, EventName, EventPayload } from '@contract';
import { CatalogService, HF_TOKEN, hfAuthHeader } from './catalog/catalogService';
import { CredentialStore } from './catalog/credentialStore';
import { DownloadManager } from './downloads/downloadManager';
import { createHandlers } from './handlers';
import { createInferenceEngine } from './inference/inferenceClient';
import { ModelLifecycle } from './lifecycle/modelLifecycle';
import { RequestMetricsStore } from './lifecycle/requestMetricsStore';
import { ModelRegistry, modelsDirFor } from './models/modelRegistry';
import { systemClock, type CorePorts, type EventSink } from './ports';
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
const IDLE_CHECK_MS = 30_000;

/** Forwards to the host's sink and lets core services react to their own events (e.g. settings). */
function tapEvents(sink: EventSink, onSettings: (payload: EventPayload<'settings.changed'>) => void): EventSink {
  return {
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      sink.emit(name, payload);
      if (name === 'settings.changed') onSettings(payload as EventPayload<'settings.changed'>);
    },
  };
}

/** Composition root: ports in, handlers out. Runs under plain Node and inside Electron's main. */
export async function createCore(ports: CorePorts): Promise<Core> {
  const clock = ports.clock ?? systemClock;
  const now = () => clock.now();
  const { logger } = ports;
  const dbFile = path.join(ports.paths.dataDir, DATABASE_FILE_NAME);
  const { db, recovery } = openDatabase(dbFile, migrations, logger, now);
  const notices: AppNotice[] = recovery ? [recovery] : [];

  const events = tapEvents(ports.events, (next) => {
    if (next.inferenceBackend !== currentBackend) {
      currentBackend = next.inferenceBackend;
      void engine
        .setBackend(currentBackend)
        .catch((error: unknown) => logger.error('backend switch failed', { error: String(error) }));
    }
  });
  const settings = new SettingsService(db, dbFile, events, logger, now);
  let currentBackend = settings.get().inferenceBackend;

  const engine = createInferenceEngine({
    spawner: ports.spawner,
    workerPath: ports.workers.inference.modulePath,
    execArgv: ports.workers.inference.execArgv,
    logger,
    backend: currentBackend,
    clock,
  });
  engine.onStatus((status) => events.emit('inference.status', status));
  const registry = new ModelRegistry(db, dbFile, modelsDirFor(ports.paths.dataDir), logger, now);
  await registry.scan().catch((error: unknown) => logger.error('model scan failed', { error: String(error) }));
  const lifecycle = new ModelLifecycle({
    engine,
    models: registry,
    settings: () => settings.get(),
    totalRamBytes: ports.totalRamBytes ?? (() => os.totalmem()),
    metrics: new RequestMetricsStore(db, logger),
    events,
    logger,
    clock,
  });
  const credentials = new CredentialStore(db, dbFile, now);
  const fetchImpl = ports.fetch ?? globalThis.fetch;
  const catalog: CatalogService = new CatalogService({
    catalogFile: ports.catalogFile ?? path.join(ports.paths.resourcesDir, 'catalog.json'),
    embeddingsDir: path.join(ports.paths.dataDir, 'embeddings'),
    registry,
    lifecycle,
    engine,
    downloads: (): DownloadManager => downloads,
    credentials,
    fetchImpl,
    logger,
  });
  const downloads: DownloadManager = new DownloadManager({
    db,
    dbFile,
    partialDir: path.join(registry.modelsDir, '.downloads'),
    logger,
    clock,
    emit: (download) => {
      events.emit('downloads.progress', download);
      if (download.state === 'done') events.emit('models.changed', registry.list());
    },
    fetchImpl,
    maxConcurrent: () => settings.get().maxConcurrentDownloads,
    authHeaderFor: (url) => hfAuthHeader(url, credentials.get(HF_TOKEN)),
    finalize: (download, verifiedPath) => catalog.finalize(download, verifiedPath),
  });
  await downloads.restore();

  const idleTimer = setInterval(() => {
    void lifecycle.reapIdle().catch((error: unknown) => logger.warn('idle unload failed', { error: String(error) }));
  }, IDLE_CHECK_MS);
  idleTimer.unref();

  const handlers = createHandlers({
    paths: ports.paths,
    host: ports.host,
    notices: () => [...notices],
    settings,
    system: createSystemProbe(now),
    dialogs: ports.dialogs,
    registry,
    lifecycle,
    engine,
    events,
    catalog,
    downloads,
    credentials,
  });

  let disposed = false;
  return {
    handlers,
    dispatch: (request, ctx) => dispatch(handlers, request, ctx, logger),
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(idleTimer);
      await downloads.dispose();
      await engine.dispose();
      db.close();
    },
  };
}
