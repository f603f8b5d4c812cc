import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { OutpostError } from '../../src-preload/contract/outpostError';
import { getBridge } from '../bridge';
import { toShownError } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';
import {
  INITIAL_MODELS_DATA,
  applyProgress,
  keepModels,
  loadedFootprintKey,
  optionsKey,
  settleProgress,
  staleEstimates,
  withEntry,
  withoutEntry,
  type ModelAction,
  type ModelsState,
} from './modelsState';

export type { ModelsState } from './modelsState';

export function createModelsStore(bridge: BridgeSource) {
  let watchers = 0;
  let estimateSeq = 0;
  const latestEstimate = new Map<string, number>();

  return createStore<ModelsState>()((set, get) => {
    const setBusy = (id: string, action: ModelAction) =>
      set((s) => ({ busy: withEntry(s.busy, id, action), errors: withoutEntry(s.errors, id) }));
    const clearBusy = (id: string) => set((s) => ({ busy: withoutEntry(s.busy, id) }));
    const fail = (id: string, action: ModelAction, error: unknown) =>
      set((s) => ({
        busy: withoutEntry(s.busy, id),
        errors: withEntry(s.errors, id, { action, error: toShownError(error) }),
      }));

    async function estimateOne(id: string): Promise<void> {
      const model = get().models.find((m) => m.id === id);
      if (!model || model.problem) return;
      const seq = ++estimateSeq;
      latestEstimate.set(id, seq);
      const key = optionsKey(model.loadOptions);
      set((s) => ({
        estimates: withEntry(s.estimates, id, {
          optionsKey: key,
          estimate: s.estimates[id]?.estimate ?? null,
          error: null,
          pending: true,
        }),
      }));
      try {
        const estimate = await bridge().request('models.estimate', { id });
        if (latestEstimate.get(id) !== seq) return; // a newer request is on its way
        set((s) => ({
          estimates: withEntry(s.estimates, id, { optionsKey: key, estimate, error: null, pending: false }),
        }));
      } catch (error) {
        if (latestEstimate.get(id) !== seq) return;
        set((s) => ({
          estimates: withEntry(s.estimates, id, {
            optionsKey: key,
            estimate: null,
            error: toShownError(error),
            pending: false,
          }),
        }));
      }
    }

    return {
      ...INITIAL_MODELS_DATA,

      async refresh() {
        try {
          const [models, loaded, worker] = await Promise.all([
            bridge().request('models.list', {}),
            bridge().request('models.loaded', {}),
            bridge().request('inference.status', {}),
          ]);
          set({ listError: null, worker });
          get().receiveModels(models);
          get().receiveLoaded(loaded);
        } catch (error) {
          set({ listError: toShownError(error) });
        }
      },

      async scan() {
        set({ scanning: true, scanError: null });
        try {
          get().receiveModels(await bridge().request('models.scan', {}));
          set({ scanning: false });
        } catch (error) {
          set({ scanning: false, scanError: toShownError(error) });
        }
      },

      async register(path, mode) {
        set({ importing: { path, mode, copiedBytes: 0, totalBytes: 0, status: 'running', error: null, added: null } });
        try {
          const added = await bridge().request('models.register', { path, mode });
          set((s) => ({
            importing: s.importing?.path === path ? { ...s.importing, status: 'done', added } : s.importing,
            models: s.models.some((m) => m.id === added.id) ? s.models : [...s.models, added],
          }));
          if (watchers > 0) void estimateOne(added.id);
          return added;
        } catch (error) {
          set((s) => ({
            importing:
              s.importing?.path === path
                ? { ...s.importing, status: 'failed', error: toShownError(error) }
                : s.importing,
          }));
          return null;
        }
      },

      async loadModel(id) {
        setBusy(id, 'load');
        try {
          const result = await bridge().request('models.load', { id });
          set((s) => ({
            busy: withoutEntry(s.busy, id),
            progress: withoutEntry(s.progress, id),
            // The loadedChanged event normally arrives first; this only covers a missed event.
            loaded: s.loaded.some((m) => m.modelId === id) ? s.loaded : [...s.loaded, result],
          }));
          return true;
        } catch (error) {
          fail(id, 'load', error);
          set((s) => ({ progress: withoutEntry(s.progress, id) }));
          // The core re-checked the file and recorded the problem without announcing it: fetch the list.
          if (error instanceof OutpostError && (error.code === 'not_found' || error.code === 'invalid_model')) {
            void bridge()
              .request('models.list', {})
              .then((models) => get().receiveModels(models))
              .catch(() => undefined);
          }
          return false;
        }
      },

      async unloadModel(id) {
        setBusy(id, 'unload');
        try {
          get().receiveLoaded(await bridge().request('models.unload', { id }));
          clearBusy(id);
          return true;
        } catch (error) {
          fail(id, 'unload', error);
          return false;
        }
      },

      async remove(id) {
        const model = get().models.find((m) => m.id === id);
        setBusy(id, 'remove');
        try {
          const { freedBytes } = await bridge().request('models.remove', { id });
          set((s) => ({
            busy: withoutEntry(s.busy, id),
            models: s.models.filter((m) => m.id !== id),
            estimates: withoutEntry(s.estimates, id),
            progress: withoutEntry(s.progress, id),
            lastRemoval: {
              modelId: id,
              fileName: model?.fileName ?? id,
              source: model?.source ?? 'scanned',
              freedBytes,
            },
          }));
          return true;
        } catch (error) {
          fail(id, 'remove', error);
          return false;
        }
      },

      async setLoadOptions(id, options) {
        setBusy(id, 'saveOptions');
        try {
          const updated = await bridge().request('models.setLoadOptions', { id, options });
          clearBusy(id);
          get().receiveModels(get().models.map((m) => (m.id === id ? updated : m)));
          return true;
        } catch (error) {
          fail(id, 'saveOptions', error);
          return false;
        }
      },

      async refreshEstimates(ids) {
        const wanted =
          ids ??
          get()
            .models.filter((m) => m.problem === null)
            .map((m) => m.id);
        await Promise.all(wanted.map((id) => estimateOne(id)));
      },

      async estimateDraft(id, options) {
        try {
          return { ok: true, estimate: await bridge().request('models.estimate', { id, options }) };
        } catch (error) {
          return { ok: false, error: toShownError(error) };
        }
      },

      watchEstimates() {
        watchers += 1;
        if (watchers === 1) void get().refreshEstimates();
        let active = true;
        return () => {
          if (active) watchers -= 1;
          active = false;
        };
      },

      dismissError: (id) => set((s) => ({ errors: withoutEntry(s.errors, id) })),
      dismissImport: () => set({ importing: null }),
      dismissRemoval: () => set({ lastRemoval: null }),

      receiveModels(models) {
        const ids = new Set(models.map((m) => m.id));
        set((s) => ({
          models: [...models],
          listed: true,
          estimates: keepModels(s.estimates, ids),
          errors: keepModels(s.errors, ids),
        }));
        if (watchers > 0) void get().refreshEstimates(staleEstimates(models, get().estimates));
      },

      receiveLoaded(loaded) {
        const before = loadedFootprintKey(get().loaded);
        set((s) => ({ loaded: [...loaded], progress: settleProgress(s.progress, loaded) }));
        // What others use changes whether a model fits and whom it would evict.
        if (watchers > 0 && loadedFootprintKey(loaded) !== before) void get().refreshEstimates();
      },

      receiveProgress(event) {
        set((s) => {
          const progress = applyProgress(s.progress, event);
          // A load started elsewhere (another window, a chat) fails only through this event.
          if (event.phase === 'failed' && s.busy[event.modelId] !== 'load' && event.error) {
            const error = { code: 'internal' as const, message: event.error, file: null };
            return { progress, errors: withEntry(s.errors, event.modelId, { action: 'elsewhere' as const, error }) };
          }
          return { progress };
        });
      },

      receiveImportProgress(event) {
        set((s) =>
          s.importing?.path === event.path && s.importing.status === 'running'
            ? { importing: { ...s.importing, copiedBytes: event.copiedBytes, totalBytes: event.totalBytes } }
            : {},
        );
      },

      receiveWorker: (worker) => set({ worker }),

      receiveBudgetChange() {
        if (watchers > 0) void get().refreshEstimates();
      },
    };
  });
}

export type ModelsStore = ReturnType<typeof createModelsStore>;

export const modelsStore = createModelsStore(getBridge);

export function useModelsStore<T>(selector: (state: ModelsState) => T): T {
  return useStore(modelsStore, selector);
}
