import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Settings, SettingsPatch } from '@contract';
import { DEFAULT_SETTINGS } from '../../src-preload/contract/settingDefaults';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';

interface PendingPatch {
  id: number;
  patch: SettingsPatch;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export interface SettingsState {
  /** What the UI shows: the core's last answer with unconfirmed changes laid over it. */
  settings: Settings;
  /** The core's last answer (from `settings.get`, `settings.set` or a `settings.changed` event). */
  confirmed: Settings;
  pending: readonly PendingPatch[];
  loaded: boolean;
  loadError: string | null;
  saveState: SaveState;
  saveError: string | null;
  load(): Promise<void>;
  /** Applies the patch at once and sends it; on failure only this patch is rolled back. */
  update(patch: SettingsPatch): Promise<boolean>;
  /** A `settings.changed` event, e.g. from another window. */
  receive(settings: Settings): void;
}

function overlay(base: Settings, pending: readonly PendingPatch[]): Settings {
  return pending.reduce<Settings>((acc, { patch }) => ({ ...acc, ...patch }), base);
}

export function createSettingsStore(bridge: BridgeSource) {
  let nextId = 1;
  return createStore<SettingsState>()((set) => ({
    settings: DEFAULT_SETTINGS,
    confirmed: DEFAULT_SETTINGS,
    pending: [],
    loaded: false,
    loadError: null,
    saveState: 'idle',
    saveError: null,

    async load() {
      try {
        const confirmed = await bridge().request('settings.get', {});
        set((s) => ({ confirmed, settings: overlay(confirmed, s.pending), loaded: true, loadError: null }));
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },

    async update(patch) {
      const id = nextId++;
      set((s) => {
        const pending = [...s.pending, { id, patch }];
        return { pending, settings: overlay(s.confirmed, pending), saveState: 'saving', saveError: null };
      });
      try {
        const confirmed = await bridge().request('settings.set', patch);
        set((s) => {
          const pending = s.pending.filter((p) => p.id !== id);
          const saveState = pending.length > 0 ? 'saving' : s.saveState === 'error' ? 'error' : 'saved';
          return { confirmed, pending, settings: overlay(confirmed, pending), saveState, loaded: true };
        });
        return true;
      } catch (error) {
        set((s) => {
          const pending = s.pending.filter((p) => p.id !== id);
          return {
            pending,
            settings: overlay(s.confirmed, pending),
            saveState: 'error',
            saveError: `Could not save ${describePatch(patch)}: ${errorMessage(error)}`,
          };
        });
        return false;
      }
    },

    receive(confirmed) {
      set((s) => ({ confirmed, settings: overlay(confirmed, s.pending), loaded: true }));
    },
  }));
}

const SETTING_LABELS: Record<keyof Settings, string> = {
  theme: 'theme',
  fontSize: 'font size',
  reduceMotion: 'reduce motion',
  inferenceBackend: 'inference backend',
  memoryBudgetPercent: 'memory budget',
  maxLoadedModels: 'max loaded models',
  idleUnloadMinutes: 'idle unload time',
  keepActiveModelWarm: 'keep active model warm',
  promptCacheMegabytes: 'prompt cache size',
  maxConcurrentDownloads: 'parallel downloads',
  offlineMode: 'offline mode',
  alertRamPercent: 'RAM alert threshold',
  alertVramPercent: 'VRAM alert threshold',
  alertResponseSeconds: 'slow response alert',
  apiEnabled: 'API server',
  apiPort: 'API port',
  apiBindLan: 'API network access',
  apiCorsOrigins: 'API allowed origins',
  apiRateLimitPerMinute: 'API rate limit',
  apiMaxQueue: 'API queue length',
  apiAllowAskTools: 'API tool approval',
  nodeHealthCheckSeconds: 'node health check interval',
  onboardingDone: 'welcome guide',
  jobsMaxConcurrentRuns: 'background runs at a time',
  jobsNotOnBattery: 'background runs on battery',
  jobsIdleMinutes: 'background runs only when idle',
  knowledgeRerank: 'knowledge reranking',
  knowledgeReranker: 'knowledge reranker',
};

function describePatch(patch: SettingsPatch): string {
  const keys = (Object.keys(patch) as (keyof Settings)[]).map((key) => SETTING_LABELS[key]);
  return keys.length > 0 ? keys.join(', ') : 'settings';
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export const settingsStore = createSettingsStore(getBridge);

export function useSettingsStore<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector);
}
