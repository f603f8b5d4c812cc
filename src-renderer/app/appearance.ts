import { type Appearance, applyAppearance, readCachedAppearance, writeCachedAppearance } from '../lib/theme';
import type { SettingsStore } from '../stores/settingsStore';

/**
 * Keeps `<html>` in step with the settings and the OS colour preference. Paints the cached
 * appearance first so a reload does not flash the wrong theme while the core answers.
 */
export function startAppearance(settings: SettingsStore, win: Window = window): () => void {
  const root = win.document.documentElement;
  const darkQuery = win.matchMedia('(prefers-color-scheme: dark)');
  const storage = safeLocalStorage(win);

  const apply = (value: Appearance, remember: boolean) => {
    applyAppearance(root, value, darkQuery.matches);
    if (remember) writeCachedAppearance(storage, value);
  };

  const cached = readCachedAppearance(storage);
  const initial = settings.getState();
  apply(initial.loaded || !cached ? initial.settings : cached, initial.loaded);

  const unsubscribe = settings.subscribe((state, previous) => {
    if (state.settings !== previous.settings || state.loaded !== previous.loaded) apply(state.settings, state.loaded);
  });
  const onOsChange = () => {
    const state = settings.getState();
    apply(state.loaded || !cached ? state.settings : cached, false);
  };
  darkQuery.addEventListener('change', onOsChange);

  return () => {
    unsubscribe();
    darkQuery.removeEventListener('change', onOsChange);
  };
}

function safeLocalStorage(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null; // access can throw when storage is disabled
  }
}
