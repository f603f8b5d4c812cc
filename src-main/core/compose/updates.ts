/** The self-update policy (core/updates) over the shell's UpdaterPort; headless and offline answer `unavailable`. */
import { UpdateService } from '../updates/updateService';
import type { CoreBase } from './coreBase';

export function composeUpdates({ ports, settings, clock, logger, events }: CoreBase): UpdateService {
  return new UpdateService({
    updater: ports.updater,
    shell: ports.host.shell,
    currentVersion: ports.host.appVersion,
    isOffline: () => settings.get().offlineMode,
    clock,
    logger,
    events,
  });
}
