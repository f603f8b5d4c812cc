/** Idle time and power-source changes from Electron's powerMonitor, for the job queue's machine rules. */
import { powerMonitor } from 'electron';
import type { UserIdlePort } from '../core/ports';

/** Call after `app` is ready (powerMonitor is not usable before). */
export function electronUserIdle(): UserIdlePort {
  return {
    seconds: () => powerMonitor.getSystemIdleTime(),
    onPowerChange: (listener) => {
      powerMonitor.on('on-ac', listener);
      powerMonitor.on('on-battery', listener);
      powerMonitor.on('resume', listener);
      powerMonitor.on('unlock-screen', listener);
    },
  };
}
