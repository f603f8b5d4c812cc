/** On battery or on mains power, through systeminformation (loaded on the first reading: ~100 modules). */
import type Si from 'systeminformation';

let siModule: Promise<typeof Si> | null = null;
const loadSi = () => (siModule ??= import('systeminformation').then((m) => m.default));

/** true on battery; false on mains power or with no battery; null when the reading failed. */
export async function readOnBattery(): Promise<boolean | null> {
  try {
    const battery = await (await loadSi()).battery();
    return battery.hasBattery && !battery.acConnected;
  } catch {
    return null;
  }
}
