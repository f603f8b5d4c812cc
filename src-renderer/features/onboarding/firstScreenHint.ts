/**
 * The first-run guide's last decision in this browser, kept in localStorage: a later start paints the screen it
 * will most likely keep (the app or the guide) before core answers, and the live decision corrects a stale one.
 */
const HINT_KEY = 'outpost.first-screen';

export interface FirstScreenHint {
  /** The guide was showing for this data dir the last time core answered. */
  onboarding: boolean;
}

/** Null when nothing (or something unreadable) is stored: the first start in this browser. */
export function readFirstScreenHint(storage: Pick<Storage, 'getItem'> | null): FirstScreenHint | null {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(HINT_KEY) ?? 'null');
    const onboarding = (parsed as { onboarding?: unknown } | null)?.onboarding;
    return typeof onboarding === 'boolean' ? { onboarding } : null;
  } catch {
    return null;
  }
}

export function writeFirstScreenHint(storage: Pick<Storage, 'setItem'> | null, hint: FirstScreenHint): void {
  try {
    storage?.setItem(HINT_KEY, JSON.stringify(hint));
  } catch {
    // Storage can be full or disabled; the next start then paints the app and corrects itself.
  }
}

/** The window's localStorage, or null where access throws (storage disabled). */
export function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
