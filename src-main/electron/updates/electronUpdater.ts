/** Core's UpdaterPort on electron-updater, loaded on the first check so start-up never pays for it. */
import type { Logger, UpdaterPort } from '../../core/ports';
import type { ElectronUpdates } from './electronUpdates';

export function electronUpdater(packaged: boolean, logger: Logger): UpdaterPort {
  let updates: Promise<ElectronUpdates> | null = null;
  let loaded: ElectronUpdates | null = null;
  const load = (isOffline: () => boolean) =>
    (updates ??= import('./electronUpdates').then((m) => (loaded = m.createElectronUpdates({ isOffline, logger }))));
  return {
    packaged,
    async check({ isOffline }) {
      return (await load(isOffline)).check();
    },
    async download(onProgress, signal) {
      // Core only asks after a check, so the updater is loaded by then.
      if (!loaded) throw new Error('Check for updates before downloading one.');
      await loaded.download(onProgress, signal);
    },
    restartToUpdate() {
      if (!loaded) throw new Error('No update was downloaded.');
      loaded.restartToUpdate();
    },
  };
}
