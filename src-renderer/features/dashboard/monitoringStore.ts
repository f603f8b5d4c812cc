import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AlertAction, HealthReport, HistoryPoint, ResourceAlert, ResourceSample } from '@contract';
import { getBridge } from '../../bridge';
import { errorMessage } from '../../lib/errors';
import type { BridgeSource } from '../../stores/bridgeSource';
import { appendPoint, pointOf } from './monitorData';

/** 'live' is the last 15 minutes at the sampling rate; the others come per minute from SQLite. */
export type HistoryRange = 'live' | 60 | 1440;
const LIVE_MINUTES = 15;

export interface MonitoringState {
  sample: ResourceSample | null;
  sampleError: string | null;
  range: HistoryRange;
  history: HistoryPoint[];
  historyError: string | null;
  health: HealthReport | null;
  healthError: string | null;
  /** Alert ids hidden by the user until their condition clears. */
  dismissed: ResourceAlert['id'][];
  /** The alert action or unload running now (by model id), and the last failure. */
  acting: string | null;
  actionError: string | null;
  receiveSample(sample: ResourceSample): void;
  refresh(): Promise<void>;
  setRange(range: HistoryRange): Promise<void>;
  loadHistory(): Promise<void>;
  loadHealth(): Promise<void>;
  dismiss(id: ResourceAlert['id']): void;
  runAction(action: AlertAction): Promise<boolean>;
}

export function createMonitoringStore(bridge: BridgeSource) {
  return createStore<MonitoringState>()((set, get) => ({
    sample: null,
    sampleError: null,
    range: 'live',
    history: [],
    historyError: null,
    health: null,
    healthError: null,
    dismissed: [],
    acting: null,
    actionError: null,

    receiveSample(sample) {
      set((s) => {
        if (s.sample && sample.takenAt < s.sample.takenAt) return s; // a late answer must not undo a newer event
        const active = new Set(sample.alerts.map((a) => a.id));
        return {
          sample,
          sampleError: null,
          // A dismissed alert comes back the next time its condition starts again.
          dismissed: s.dismissed.filter((id) => active.has(id)),
          history: s.range === 'live' ? appendPoint(s.history, pointOf(sample), LIVE_MINUTES * 60_000) : s.history,
        };
      });
    },

    async refresh() {
      try {
        get().receiveSample(await bridge().request('monitoring.current', {}));
      } catch (error) {
        set({ sampleError: errorMessage(error) });
      }
    },

    async setRange(range) {
      set({ range, history: [] });
      await get().loadHistory();
    },

    async loadHistory() {
      const range = get().range;
      try {
        const minutes = range === 'live' ? LIVE_MINUTES : range;
        const { points } = await bridge().request('monitoring.history', { minutes });
        if (get().range !== range) return; // the user picked another range meanwhile
        // Live points that arrived while the request was out are merged, not lost.
        set((s) => ({ history: mergeHistory(points, s.history), historyError: null }));
      } catch (error) {
        set({ historyError: errorMessage(error) });
      }
    },

    async loadHealth() {
      try {
        set({ health: await bridge().request('monitoring.health', { hours: 24 }), healthError: null });
      } catch (error) {
        set({ healthError: errorMessage(error) });
      }
    },

    dismiss(id) {
      set((s) => ({ dismissed: s.dismissed.includes(id) ? s.dismissed : [...s.dismissed, id] }));
    },

    async runAction(action) {
      set({ acting: action.modelId, actionError: null });
      try {
        get().receiveSample(await bridge().request('monitoring.runAction', { action }));
        set({ acting: null });
        return true;
      } catch (error) {
        set({ acting: null, actionError: errorMessage(error) });
        return false;
      }
    },
  }));
}

function mergeHistory(fetched: HistoryPoint[], live: HistoryPoint[]): HistoryPoint[] {
  const lastFetched = fetched[fetched.length - 1]?.t ?? Number.NEGATIVE_INFINITY;
  return [...fetched, ...live.filter((p) => p.t > lastFetched)];
}

export type MonitoringStore = ReturnType<typeof createMonitoringStore>;

export const monitoringStore = createMonitoringStore(getBridge);

export function useMonitoringStore<T>(selector: (state: MonitoringState) => T): T {
  return useStore(monitoringStore, selector);
}
