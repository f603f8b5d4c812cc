/** Installed models, their memory lifecycle (idle unload), the catalog and verified downloads. */
import os from 'node:os';
import path from 'node:path';
import { CatalogService, HF_TOKEN, hfAuthHeader } from '../catalog/catalogService';
import { CredentialStore } from '../catalog/credentialStore';
import { DownloadManager } from '../downloads/downloadManager';
import type { InferenceEngine } from '../inference/engine';
import { ModelLifecycle } from '../lifecycle/modelLifecycle';
import { RequestMetricsStore } from '../lifecycle/requestMetricsStore';
import { rerankersDirOf } from '../knowledge/rerankerModels';
import { ModelRegistry, modelsDirFor } from '../models/modelRegistry';
import type { CoreBase } from './coreBase';

const IDLE_CHECK_MS = 30_000;

export interface ModelsPart {
  registry: ModelRegistry;
  lifecycle: ModelLifecycle;
  credentials: CredentialStore;
  catalog: CatalogService;
  downloads: DownloadManager;
  /** Stops the idle-unload timer. */
  stopIdleUnload(): void;
}

export async function composeModels(base: CoreBase, engine: InferenceEngine): Promise<ModelsPart> {
  const { ports, db, dbFile, settings, events, logger, clock, now, network, timings } = base;
  const registry = new ModelRegistry(db, dbFile, modelsDirFor(ports.paths.dataDir), logger, now);
  await registry.scan().catch((error: unknown) => logger.error('model scan failed', { error: String(error) }));
  timings.mark('model scan');
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
  lifecycle.onTokens((count) => base.tokens.add(count));
  const credentials = new CredentialStore(db, dbFile, now);
  const catalog: CatalogService = new CatalogService({
    catalogFile: ports.catalogFile ?? path.join(ports.paths.resourcesDir, 'catalog.json'),
    embeddingsDir: path.join(ports.paths.dataDir, 'embeddings'),
    rerankersDir: rerankersDirOf(ports.paths.dataDir),
    registry,
    lifecycle,
    engine,
    downloads: (): DownloadManager => downloads,
    credentials,
    fetchImpl: network.fetchFor('hf-search'),
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
    fetchImpl: network.fetchFor('download'),
    maxConcurrent: () => settings.get().maxConcurrentDownloads,
    authHeaderFor: (url) => hfAuthHeader(url, credentials.get(HF_TOKEN)),
    finalize: (download, verifiedPath) => catalog.finalize(download, verifiedPath),
  });
  await downloads.restore();
  timings.mark('catalog + downloads');

  const idleTimer = setInterval(() => {
    void lifecycle.reapIdle().catch((error: unknown) => logger.warn('idle unload failed', { error: String(error) }));
  }, IDLE_CHECK_MS);
  idleTimer.unref();
  return { registry, lifecycle, credentials, catalog, downloads, stopIdleUnload: () => clearInterval(idleTimer) };
}
