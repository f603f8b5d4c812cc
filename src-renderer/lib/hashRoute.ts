/** The app's screens, in sidebar order; the first one is where an empty or unknown hash lands. */
export const SCREEN_IDS = ['chat', 'agents', 'models', 'catalog', 'dashboard', 'settings'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export const DEFAULT_SCREEN: ScreenId = 'chat';

export function isScreenId(value: string): value is ScreenId {
  return (SCREEN_IDS as readonly string[]).includes(value);
}

/** `#/settings`, `#settings`, `#/Settings/` and `#/settings?x=1` all mean Settings; anything else is Chat. */
export function parseHashRoute(hash: string): ScreenId {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const first = path.split(/[/?]/, 1)[0]?.trim().toLowerCase() ?? '';
  return isScreenId(first) ? first : DEFAULT_SCREEN;
}

export function hrefFor(screen: ScreenId): string {
  return `#/${screen}`;
}

/** True when the address bar does not already spell the canonical hash for the screen shown. */
export function needsCanonicalHash(hash: string): boolean {
  return hash !== hrefFor(parseHashRoute(hash));
}
