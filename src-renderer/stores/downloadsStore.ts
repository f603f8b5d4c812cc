import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { getBridge } from '../bridge';
import { toShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';
import {
  byIdOf,
  initialDownloadsData,
  upsertDownload,
  type DownloadAction,
  type DownloadsState,
} from './downloadsState';
import { withEntry, withoutEntry } from './modelsState';

export type { DownloadsState } from './downloadsState';

export interface DownloadsStoreOptions {
  bridge: BridgeSource;
  now?: () => number;
}

export function createDownloadsStore({ bridge, now = Date.now }: DownloadsStoreOptions) {
  return createStore<DownloadsState>()((set, get) => {
    /** Pause, resume and cancel share one shape: mark busy, ask, take the reply or keep the error. */
    async function act(id: string, action: DownloadAction): Promise<void> {
      set((s) => ({ busy: withEntry(s.busy, id, action), actionErrors: withoutEntry(s.actionErrors, id) }));
      try {
        const route = `downloads.${action}` as const;
        const download = await bridge().request(route, { id });
        set((s) => ({ byId: upsertDownload(s.byId, download), busy: withoutEntry(s.busy, id) }));
      } catch (error) {
        set((s) => ({
          busy: withoutEntry(s.busy, id),
          actionErrors: withEntry(s.actionErrors, id, toShownError(error)),
        }));
      }
    }

    return {
      ...initialDownloadsData(now()),

      async refresh() {
        try {
          const list = await bridge().request('downloads.list', {});
          set({ byId: byIdOf(list), listed: true, listError: null });
        } catch (error) {
          set({ listError: toShownError(error) });
        }
      },

      async start(modelId, variantId) {
        set((s) => ({
          starting: withEntry(s.starting, modelId, variantId),
          startErrors: withoutEntry(s.startErrors, modelId),
        }));
        try {
          const started = await bridge().request('downloads.start', { modelId, variantId });
          set((s) => ({
            byId: started.reduce(upsertDownload, s.byId),
            starting: withoutEntry(s.starting, modelId),
          }));
          return true;
        } catch (error) {
          set((s) => ({
            starting: withoutEntry(s.starting, modelId),
            startErrors: withEntry(s.startErrors, modelId, toShownError(error)),
          }));
          return false;
        }
      },

      pause: (id) => act(id, 'pause'),
      resume: (id) => act(id, 'resume'),
      cancel: (id) => act(id, 'cancel'),

      dismiss: (id) => set((s) => (s.dismissed.includes(id) ? {} : { dismissed: [...s.dismissed, id] })),
      dismissStartError: (modelId) => set((s) => ({ startErrors: withoutEntry(s.startErrors, modelId) })),

      receive(download) {
        const before = get().byId;
        const after = upsertDownload(before, download);
        if (after !== before) set({ byId: after });
      },
    };
  });
}

export type DownloadsStore = ReturnType<typeof createDownloadsStore>;

export const downloadsStore = createDownloadsStore({ bridge: getBridge });

export function useDownloadsStore<T>(selector: (state: DownloadsState) => T): T {
  return useStore(downloadsStore, selector);
}
