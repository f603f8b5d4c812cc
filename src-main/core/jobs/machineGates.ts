/** The optional machine rules behind the run queue: not on battery, only after the user has been away a while. */
import type { JobMachineState, Settings } from '@contract';

/** What the machine can tell the queue; tests use a fake, the hosts build one from their shell. */
export interface MachineStatePort {
  /** true on battery, false on mains power (or no battery), null when the reading failed. */
  onBattery(): Promise<boolean | null>;
  /** Seconds since the last keyboard or mouse input, or null where the shell cannot tell. */
  idleSeconds(): number | null;
  /** Why idle time is unknown on this host (headless has no input devices to watch), else null. */
  idleUnavailable: string | null;
  /** Power source changes (Electron's powerMonitor); idle time is polled by the queue instead. */
  onChange?(listener: () => void): void;
}

export const HEADLESS_IDLE_UNAVAILABLE =
  'The headless host cannot see keyboard or mouse use; idle time needs the desktop app';

export type MachineRules = Pick<Settings, 'jobsNotOnBattery' | 'jobsIdleMinutes'>;

/** null when the rules allow a run now; else why runs wait. A rule the host cannot check does not hold runs. */
export async function machineWaitReason(rules: MachineRules, machine: MachineStatePort): Promise<string | null> {
  if (rules.jobsNotOnBattery && (await machine.onBattery()) === true) {
    return 'Waiting: on battery (runs start on mains power)';
  }
  if (rules.jobsIdleMinutes > 0) {
    const idle = machine.idleSeconds();
    if (idle !== null && idle < rules.jobsIdleMinutes * 60) {
      return `Waiting until the computer has been idle for ${rules.jobsIdleMinutes} min`;
    }
  }
  return null;
}

/** The Jobs screen's view: the readings, and why idle gating cannot be offered here. */
export async function machineState(
  machine: MachineStatePort,
): Promise<Omit<JobMachineState, 'notificationsUnavailable'>> {
  return {
    onBattery: await machine.onBattery(),
    idleSeconds: machine.idleSeconds(),
    idleUnavailable: machine.idleUnavailable,
  };
}
