import type { Settings } from '@contract';
import type { Bridge } from '../bridge';
import type { ModelsStore } from './modelsStore';

const BUDGET_KEYS = ['memoryBudgetPercent', 'maxLoadedModels', 'keepActiveModelWarm', 'inferenceBackend'] as const;

function budgetKey(settings: Settings): string {
  return BUDGET_KEYS.map((key) => String(settings[key])).join('|');
}

/**
 * Keeps the models store in step with the core: first load, live events, and a full refresh after a
 * reconnect (events sent while the socket was down are lost). Returns a function that undoes it all.
 */
export function startModelsSync(bridge: Bridge, models: ModelsStore): () => void {
  const store = () => models.getState();
  let wasClosed = false;
  let lastBudget: string | null = null;

  const unsubscribers = [
    bridge.on('models.changed', (list) => store().receiveModels(list)),
    bridge.on('models.loadedChanged', (loaded) => store().receiveLoaded(loaded)),
    bridge.on('models.loadProgress', (event) => store().receiveProgress(event)),
    bridge.on('models.importProgress', (event) => store().receiveImportProgress(event)),
    bridge.on('inference.status', (status) => store().receiveWorker(status)),
    bridge.on('settings.changed', (settings) => {
      const key = budgetKey(settings);
      if (key !== lastBudget) store().receiveBudgetChange(); // the first event may cost one extra estimate
      lastBudget = key;
    }),
    bridge.onStatus((status) => {
      if (status.state === 'closed') wasClosed = true;
      if (status.state === 'open' && wasClosed) {
        wasClosed = false;
        void store().refresh();
      }
    }),
  ];
  void store().refresh();

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
