import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AppInfo, AppNotice } from '@contract';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';
import type { ConnectionStatus } from '../lib/socketTransport';
import type { BridgeSource } from './bridgeSource';

/** The connection status plus when it arrived, so the UI can count down to the next retry. */
export type Connection = ConnectionStatus & { since: number };

export interface AppState {
  info: AppInfo | null;
  infoError: string | null;
  connection: Connection;
  /** Whether the connection has ever been open, to tell "starting" from "lost". */
  everOpen: boolean;
  /** Whether an attempt has failed, so retries keep the failure banner instead of flickering. */
  everClosed: boolean;
  /** Start-up notices from `app.info` and live `app.notice` events, oldest first, unique by id. */
  notices: readonly AppNotice[];
  dismissed: readonly string[];
  loadInfo(): Promise<void>;
  addNotices(notices: readonly AppNotice[]): void;
  dismissNotice(id: string): void;
  setConnection(status: ConnectionStatus): void;
}

export interface AppStoreOptions {
  bridge: BridgeSource;
  /** Remembers dismissed notices across reloads of this window (sessionStorage); null keeps them in memory. */
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  now?: () => number;
}

const DISMISSED_KEY = 'outpost.dismissed-notices';

function readDismissed(storage: AppStoreOptions['sessionStorage']): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function mergeNotices(current: readonly AppNotice[], incoming: readonly AppNotice[]): AppNotice[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  for (const notice of incoming) byId.set(notice.id, notice);
  return [...byId.values()];
}

export function visibleNotices(notices: readonly AppNotice[], dismissed: readonly string[]): AppNotice[] {
  return notices.filter((n) => !dismissed.includes(n.id));
}

export function createAppStore({ bridge, sessionStorage = null, now = Date.now }: AppStoreOptions) {
  return createStore<AppState>()((set, get) => ({
    info: null,
    infoError: null,
    connection: { state: 'connecting', since: now() },
    everOpen: false,
    everClosed: false,
    notices: [],
    dismissed: readDismissed(sessionStorage),

    async loadInfo() {
      try {
        const info = await bridge().request('app.info', {});
        set((s) => ({ info, infoError: null, notices: mergeNotices(s.notices, info.notices) }));
      } catch (error) {
        set({ infoError: errorMessage(error) });
      }
    },

    addNotices(notices) {
      set((s) => ({ notices: mergeNotices(s.notices, notices) }));
    },

    dismissNotice(id) {
      if (get().dismissed.includes(id)) return;
      const dismissed = [...get().dismissed, id];
      set({ dismissed });
      try {
        sessionStorage?.setItem(DISMISSED_KEY, JSON.stringify(dismissed));
      } catch {
        // Not persisting a dismissal only means the notice may return after a reload.
      }
    },

    setConnection(status) {
      set((s) => ({
        connection: { ...status, since: now() },
        everOpen: s.everOpen || status.state === 'open',
        everClosed: s.everClosed || status.state === 'closed',
      }));
    },
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore = createAppStore({
  bridge: getBridge,
  sessionStorage: typeof window === 'undefined' ? null : window.sessionStorage,
});

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
