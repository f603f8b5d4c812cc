import { Settings } from '../../src-preload/contract/settings';

export type ResolvedTheme = 'light' | 'dark';

/** The theme actually shown: an explicit choice wins, "system" follows the OS preference. */
export function resolveTheme(theme: Settings['theme'], prefersDark: boolean): ResolvedTheme {
  if (theme === 'system') return prefersDark ? 'dark' : 'light';
  return theme;
}

/** Root font size per setting; every size in the UI is in rem, so this scales the whole app. */
export const ROOT_FONT_PX: Record<Settings['fontSize'], number> = { small: 14, medium: 16, large: 18 };

export const REDUCE_MOTION_CLASS = 'reduce-motion';

/** The parts of `<html>` appearance touches; structural so tests can pass a plain object. */
export interface AppearanceTarget {
  classList: Pick<DOMTokenList, 'toggle'>;
  dataset: Record<string, string | undefined>;
  style: Pick<CSSStyleDeclaration, 'fontSize' | 'colorScheme'>;
}

export function applyAppearance(target: AppearanceTarget, settings: Settings, prefersDark: boolean): ResolvedTheme {
  const resolved = resolveTheme(settings.theme, prefersDark);
  target.classList.toggle('dark', resolved === 'dark');
  target.classList.toggle(REDUCE_MOTION_CLASS, settings.reduceMotion);
  target.dataset.theme = resolved;
  // color-scheme makes native controls, scrollbars and select popups match the theme.
  target.style.colorScheme = resolved;
  target.style.fontSize = `${ROOT_FONT_PX[settings.fontSize]}px`;
  return resolved;
}

const CACHE_KEY = 'outpost.appearance';

/** Last applied settings, so a reload paints in the right theme before the core answers. */
export function readCachedAppearance(storage: Pick<Storage, 'getItem'> | null): Settings | null {
  try {
    const raw = storage?.getItem(CACHE_KEY);
    if (!raw) return null;
    const parsed = Settings.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeCachedAppearance(storage: Pick<Storage, 'setItem'> | null, settings: Settings): void {
  try {
    storage?.setItem(CACHE_KEY, JSON.stringify(settings));
  } catch {
    // Storage can be full or disabled; the cache is only a nicety.
  }
}
