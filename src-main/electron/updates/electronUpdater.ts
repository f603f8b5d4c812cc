/** Core's UpdaterPort on electron-updater, loaded on the first check so start-up never pays for it. */
import type { Logger, UpdaterPort } from '../../core/ports';
import type { ElectronUpdates } from './electronUpdates';

export function electronUpdater(packaged: boolean, logger: Logger): UpdaterPort {
  let updates: Promise<ElectronUpdates> | null = null;
  return {
    packaged,
    async check({ isOffline }) {
      updates ??= import('./electronUpdates').then((m) => m.createElectronUpdates({ isOffline, logger }));
      return (await updates).check();
    },
  };
}
