/** The real machine for the queue's rules: battery through systeminformation, idle time from the shell if any. */
import type { UserIdlePort } from '../ports';
import { readOnBattery } from '../system/batteryState';
import { HEADLESS_IDLE_UNAVAILABLE, type MachineStatePort } from './machineGates';

export function machineStatePort(userIdle: UserIdlePort | undefined): MachineStatePort {
  return {
    onBattery: readOnBattery,
    idleSeconds: () => (userIdle ? userIdle.seconds() : null),
    idleUnavailable: userIdle ? null : HEADLESS_IDLE_UNAVAILABLE,
    onChange: (listener) => userIdle?.onPowerChange(listener),
  };
}
