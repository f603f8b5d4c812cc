import type { CatalogService } from '../catalog/catalogService';
import { HF_TOKEN } from '../catalog/catalogService';
import type { CredentialStore } from '../catalog/credentialStore';
import type { DownloadManager } from '../downloads/downloadManager';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface CatalogServices {
  catalog: CatalogService;
  downloads: DownloadManager;
  credentials: CredentialStore;
}

export function catalogHandlers({ catalog, downloads, credentials }: CatalogServices) {
  const tokenStatus = () => ({ hasToken: credentials.get(HF_TOKEN) !== null });
  return {
    'catalog.list': async () => catalog.view(),
    'catalog.search': async ({ query }, ctx) => catalog.search(query, ctx.signal),
    'catalog.tokenStatus': async () => tokenStatus(),
    'catalog.setToken': async ({ token }) => {
      credentials.set(HF_TOKEN, token);
      return tokenStatus();
    },
    'downloads.list': async () => downloads.list(),
    'downloads.start': async ({ modelId, variantId }) => catalog.startDownload(modelId, variantId),
    'downloads.pause': async ({ id }) => downloads.pause(id),
    'downloads.resume': async ({ id }) => downloads.resume(id),
    'downloads.cancel': async ({ id }) => downloads.cancel(id),
  } satisfies DomainHandlers<'catalog' | 'downloads'>;
}
