import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { SystemSnapshot } from '@contract';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';
import type { BridgeSource } from './bridgeSource';

export interface SystemState {
  snapshot: SystemSnapshot | null;
  loading: boolean;
  error: string | null;
  /** Asks the core for a fresh snapshot; concurrent calls share one request. */
  refresh(): Promise<void>;
}

export function createSystemStore(bridge: BridgeSource) {
  let inFlight: Promise<void> | null = null;
  return createStore<SystemState>()((set) => ({
    snapshot: null,
    loading: false,
    error: null,
    refresh() {
      inFlight ??= (async () => {
        set({ loading: true });
        try {
          const snapshot = await bridge().request('system.snapshot', {});
          set({ snapshot, loading: false, error: null });
        } catch (error) {
          // Keep the last good snapshot on screen; the error says it may be stale.
          set({ loading: false, error: errorMessage(error) });
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },
  }));
}

export type SystemStore = ReturnType<typeof createSystemStore>;

export const systemStore = createSystemStore(getBridge);

export function useSystemStore<T>(selector: (state: SystemState) => T): T {
  return useStore(systemStore, selector);
}
