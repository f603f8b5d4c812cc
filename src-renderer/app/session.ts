import type { Bridge } from '../bridge';
import type { AppStore } from '../stores/appStore';
import type { SettingsStore } from '../stores/settingsStore';

export interface SessionStores {
  app: AppStore;
  settings: SettingsStore;
}

/**
 * Connects the stores to the core: initial loads, live events, and a reload after a reconnect
 * (events sent while the socket was down are lost). Returns a function that undoes it all.
 */
export function startSession(bridge: Bridge, { app, settings }: SessionStores): () => void {
  const loadAll = () => Promise.all([settings.getState().load(), app.getState().loadInfo()]);
  let wasClosed = false;

  const unsubscribers = [
    bridge.on('settings.changed', (next) => settings.getState().receive(next)),
    bridge.on('app.notice', (notice) => app.getState().addNotices([notice])),
    bridge.onStatus((status) => {
      app.getState().setConnection(status);
      if (status.state === 'closed') wasClosed = true;
      if (status.state === 'open' && wasClosed) {
        wasClosed = false;
        void loadAll();
      }
    }),
  ];
  void loadAll();

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
