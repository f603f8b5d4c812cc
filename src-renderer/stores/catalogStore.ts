import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { getBridge } from '../bridge';
import { toShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';
import { INITIAL_CATALOG_DATA, type CatalogState } from './catalogState';
import { withEntry } from './modelsState';

export type { CatalogState } from './catalogState';

export function createCatalogStore(bridge: BridgeSource) {
  let watchers = 0;
  /** Set when something changed while nobody watched: the next watch refreshes. */
  let stale = true;
  let refreshSeq = 0;
  let searchSeq = 0;

  return createStore<CatalogState>()((set, get) => ({
    ...INITIAL_CATALOG_DATA,

    async refresh() {
      const seq = ++refreshSeq;
      stale = false;
      set({ loading: true });
      try {
        const view = await bridge().request('catalog.list', {});
        if (seq === refreshSeq) set({ view, loading: false, loadError: null });
      } catch (error) {
        // Keep the last view on screen; the error says it may be out of date.
        if (seq === refreshSeq) set({ loading: false, loadError: toShownError(error) });
      }
    },

    watch() {
      watchers += 1;
      const { view, loading } = get();
      if (watchers === 1 && (stale || view === null) && !loading) void get().refresh();
      if (get().token.hasToken === null) void get().loadTokenStatus();
      let active = true;
      return () => {
        if (active) watchers -= 1;
        active = false;
      };
    },

    setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),

    selectVariant: (modelId, variantId) =>
      set((s) => ({ selectedVariants: withEntry(s.selectedVariants, modelId, variantId) })),

    async runSearch(query) {
      const trimmed = query.trim();
      if (trimmed === '') return;
      const seq = ++searchSeq;
      set((s) => ({ search: { query: trimmed, status: 'running', results: s.search.results, error: null } }));
      try {
        const results = await bridge().request('catalog.search', { query: trimmed });
        if (seq === searchSeq) set({ search: { query: trimmed, status: 'done', results, error: null } });
      } catch (error) {
        if (seq === searchSeq) {
          set({ search: { query: trimmed, status: 'failed', results: [], error: toShownError(error) } });
        }
      }
    },

    async loadTokenStatus() {
      try {
        const { hasToken } = await bridge().request('catalog.tokenStatus', {});
        set((s) => ({ token: { ...s.token, hasToken } }));
      } catch (error) {
        set((s) => ({ token: { ...s.token, error: toShownError(error) } }));
      }
    },

    async saveToken(token) {
      set((s) => ({ token: { ...s.token, saving: true, error: null } }));
      try {
        const { hasToken } = await bridge().request('catalog.setToken', { token });
        set({ token: { hasToken, saving: false, error: null } });
        return true;
      } catch (error) {
        set((s) => ({ token: { ...s.token, saving: false, error: toShownError(error) } }));
        return false;
      }
    },

    async importPack(path) {
      set({
        pack: { path, status: 'running', currentFile: null, copiedBytes: 0, totalBytes: 0, error: null, added: [] },
      });
      const settle = (patch: Partial<NonNullable<CatalogState['pack']>>) =>
        set((s) => (s.pack?.path === path ? { pack: { ...s.pack, ...patch } } : {}));
      try {
        const added = await bridge().request('models.importPack', { path });
        settle({ status: 'done', added });
        return true;
      } catch (error) {
        settle({ status: 'failed', error: toShownError(error) });
        return false;
      }
    },

    dismissPack: () => set({ pack: null }),

    receivePackProgress(event) {
      set((s) =>
        s.pack?.status === 'running'
          ? {
              pack: {
                ...s.pack,
                currentFile: event.path,
                copiedBytes: event.copiedBytes,
                totalBytes: event.totalBytes,
              },
            }
          : {},
      );
    },

    receiveModelsChanged() {
      if (watchers > 0) void get().refresh();
      else stale = true;
    },

    receiveReconnect() {
      if (watchers > 0) void get().refresh();
      else stale = true;
    },
  }));
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;

export const catalogStore = createCatalogStore(getBridge);

export function useCatalogStore<T>(selector: (state: CatalogState) => T): T {
  return useStore(catalogStore, selector);
}
