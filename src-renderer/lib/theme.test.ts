import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@contract';
import {
  applyAppearance,
  readCachedAppearance,
  resolveTheme,
  writeCachedAppearance,
  type AppearanceTarget,
} from './theme';

function fakeRoot() {
  const classes = new Set<string>();
  const target: AppearanceTarget = {
    classList: {
      toggle(name: string, force?: boolean) {
        const on = force ?? !classes.has(name);
        if (on) classes.add(name);
        else classes.delete(name);
        return on;
      },
    },
    dataset: {},
    style: { fontSize: '', colorScheme: '' },
  };
  return { target, classes };
}

describe('resolveTheme', () => {
  it('follows the OS when set to system', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });

  it('ignores the OS when the user chose explicitly', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('applyAppearance', () => {
  it('sets the dark class, data-theme, color-scheme and root font size', () => {
    const { target, classes } = fakeRoot();
    const settings: Settings = { ...DEFAULT_SETTINGS, theme: 'system', fontSize: 'large', reduceMotion: true };
    expect(applyAppearance(target, settings, true)).toBe('dark');
    expect(classes.has('dark')).toBe(true);
    expect(classes.has('reduce-motion')).toBe(true);
    expect(target.dataset.theme).toBe('dark');
    expect(target.style.colorScheme).toBe('dark');
    expect(target.style.fontSize).toBe('18px');
  });

  it('removes classes again when settings change back', () => {
    const { target, classes } = fakeRoot();
    applyAppearance(target, { ...DEFAULT_SETTINGS, theme: 'dark', fontSize: 'small', reduceMotion: true }, false);
    applyAppearance(target, DEFAULT_SETTINGS, false);
    expect(classes.size).toBe(0);
    expect(target.dataset.theme).toBe('light');
    expect(target.style.fontSize).toBe('16px');
  });
});

describe('appearance cache', () => {
  it('round-trips the appearance settings only and rejects anything else', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    expect(readCachedAppearance(storage)).toBeNull();
    writeCachedAppearance(storage, { ...DEFAULT_SETTINGS, theme: 'dark', fontSize: 'small' });
    expect(readCachedAppearance(storage)).toEqual({ theme: 'dark', fontSize: 'small', reduceMotion: false });
    map.set('outpost.appearance', '{"theme":"purple"}');
    expect(readCachedAppearance(storage)).toBeNull();
    map.set('outpost.appearance', '{"theme":"dark","fontSize":"huge","reduceMotion":false}');
    expect(readCachedAppearance(storage)).toBeNull();
    map.set('outpost.appearance', '{"theme":"dark","fontSize":"toString","reduceMotion":false}');
    expect(readCachedAppearance(storage)).toBeNull();
    map.set('outpost.appearance', '{"theme":"light","fontSize":"large","reduceMotion":"yes"}');
    expect(readCachedAppearance(storage)).toBeNull();
    map.set('outpost.appearance', 'null');
    expect(readCachedAppearance(storage)).toBeNull();
    map.set('outpost.appearance', 'not json');
    expect(readCachedAppearance(storage)).toBeNull();
    expect(readCachedAppearance(null)).toBeNull();
  });
});
