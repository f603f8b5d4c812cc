import type { Settings } from '../../src-preload/contract/settings';

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

/** The settings that change how the page looks, the only ones cached for the first paint. */
export type Appearance = Pick<Settings, 'theme' | 'fontSize' | 'reduceMotion'>;

export function applyAppearance(target: AppearanceTarget, settings: Appearance, prefersDark: boolean): ResolvedTheme {
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

// Checked by hand, not with the settings schema: zod stays out of the first script. Records so a new value
// in the contract fails to compile here until it is listed.
const THEMES: Record<Settings['theme'], true> = { system: true, light: true, dark: true };

function isKey<T extends object>(record: T, value: unknown): value is keyof T {
  return typeof value === 'string' && Object.hasOwn(record, value);
}

/** Last applied appearance, so a reload paints in the right theme before the core answers. */
export function readCachedAppearance(storage: Pick<Storage, 'getItem'> | null): Appearance | null {
  try {
    const raw = storage?.getItem(CACHE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { theme, fontSize, reduceMotion } = parsed as Record<string, unknown>;
    if (!isKey(THEMES, theme) || !isKey(ROOT_FONT_PX, fontSize) || typeof reduceMotion !== 'boolean') return null;
    return { theme, fontSize, reduceMotion };
  } catch {
    return null;
  }
}

export function writeCachedAppearance(storage: Pick<Storage, 'setItem'> | null, settings: Appearance): void {
  try {
    const { theme, fontSize, reduceMotion } = settings;
    storage?.setItem(CACHE_KEY, JSON.stringify({ theme, fontSize, reduceMotion }));
  } catch {
    // Storage can be full or disabled; the cache is only a nicety.
  }
}
