import type { Bridge } from '../bridge';
import type { CatalogStore } from './catalogStore';
import type { DownloadsStore } from './downloadsStore';

export interface CatalogSyncStores {
  catalog: CatalogStore;
  downloads: DownloadsStore;
}

/**
 * Keeps downloads and the catalog in step with the core: the download list at start and after a reconnect
 * (progress sent while the socket was down is lost), live progress, pack import progress, and installs.
 */
export function startCatalogSync(bridge: Bridge, { catalog, downloads }: CatalogSyncStores): () => void {
  let wasClosed = false;
  const unsubscribers = [
    bridge.on('downloads.progress', (download) => downloads.getState().receive(download)),
    bridge.on('models.importProgress', (event) => catalog.getState().receivePackProgress(event)),
    bridge.on('models.changed', () => catalog.getState().receiveModelsChanged()),
    bridge.onStatus((status) => {
      if (status.state === 'closed') wasClosed = true;
      if (status.state === 'open' && wasClosed) {
        wasClosed = false;
        void downloads.getState().refresh();
        catalog.getState().receiveReconnect();
      }
    }),
  ];
  void downloads.getState().refresh();

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
