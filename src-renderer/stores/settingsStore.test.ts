import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, OutpostError, type Settings, type SettingsPatch } from '@contract';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { createSettingsStore } from './settingsStore';

const stored: Settings = { ...DEFAULT_SETTINGS, theme: 'light', fontSize: 'medium' };

function setup() {
  const bridge = createFakeBridge({ 'settings.get': async () => stored });
  const store = createSettingsStore(() => bridge);
  return { bridge, store };
}

describe('settingsStore', () => {
  it('starts from defaults and loads what the core has', async () => {
    const { store } = setup();
    expect(store.getState()).toMatchObject({ settings: DEFAULT_SETTINGS, loaded: false });
    await store.getState().load();
    expect(store.getState()).toMatchObject({ settings: stored, confirmed: stored, loaded: true, loadError: null });
  });

  it('reports a failed load without pretending to be loaded', async () => {
    const bridge = createFakeBridge({
      'settings.get': async () => {
        throw new OutpostError('storage_error', 'Cannot read /data/outpost.db');
      },
    });
    const store = createSettingsStore(() => bridge);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loaded: false, loadError: 'Cannot read /data/outpost.db' });
  });

  it('shows a change at once, then keeps the confirmed value', async () => {
    const { bridge, store } = setup();
    await store.getState().load();
    const reply = deferred<Settings>();
    bridge.handlers['settings.set'] = () => reply.promise;

    const saving = store.getState().update({ theme: 'dark' });
    expect(store.getState().settings.theme).toBe('dark');
    expect(store.getState().saveState).toBe('saving');
    expect(bridge.calls.at(-1)).toEqual({ route: 'settings.set', input: { theme: 'dark' } });

    reply.resolve({ ...stored, theme: 'dark' });
    await expect(saving).resolves.toBe(true);
    expect(store.getState()).toMatchObject({
      settings: { ...stored, theme: 'dark' },
      confirmed: { ...stored, theme: 'dark' },
      pending: [],
      saveState: 'saved',
      saveError: null,
    });
  });

  it('rolls back a failed change and explains why', async () => {
    const { bridge, store } = setup();
    await store.getState().load();
    bridge.handlers['settings.set'] = async () => {
      throw new OutpostError('storage_error', 'disk is full');
    };

    const ok = await store.getState().update({ fontSize: 'large' });
    expect(ok).toBe(false);
    expect(store.getState().settings).toEqual(stored);
    expect(store.getState().saveState).toBe('error');
    expect(store.getState().saveError).toBe('Could not save font size: disk is full');
  });

  it('rolls back only the failed patch when two are in flight', async () => {
    const { bridge, store } = setup();
    await store.getState().load();
    const replies = new Map<string, ReturnType<typeof deferred<Settings>>>();
    bridge.handlers['settings.set'] = (patch: SettingsPatch) => {
      const reply = deferred<Settings>();
      replies.set(Object.keys(patch)[0] ?? '', reply);
      return reply.promise;
    };

    const theme = store.getState().update({ theme: 'dark' });
    const motion = store.getState().update({ reduceMotion: true });
    expect(store.getState().settings).toEqual({ ...stored, theme: 'dark', reduceMotion: true });

    replies.get('theme')?.reject(new OutpostError('disconnected', 'Lost the connection to Outpost'));
    await theme;
    // The failed theme change is undone; the motion change is still shown while it is pending.
    expect(store.getState().settings).toEqual({ ...stored, reduceMotion: true });
    expect(store.getState().saveError).toMatch(/^Could not save theme: Outpost is not reachable/);

    replies.get('reduceMotion')?.resolve({ ...stored, reduceMotion: true });
    await motion;
    expect(store.getState().settings).toEqual({ ...stored, reduceMotion: true });
    // The earlier failure stays visible until the user changes something again.
    expect(store.getState().saveState).toBe('error');
  });

  it('takes changes from other windows but keeps unconfirmed local ones on top', async () => {
    const { bridge, store } = setup();
    await store.getState().load();
    const reply = deferred<Settings>();
    bridge.handlers['settings.set'] = () => reply.promise;

    const saving = store.getState().update({ theme: 'dark' });
    store.getState().receive({ ...DEFAULT_SETTINGS, theme: 'light', fontSize: 'small' });
    expect(store.getState().settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', fontSize: 'small' });

    reply.resolve({ ...DEFAULT_SETTINGS, theme: 'dark', fontSize: 'small' });
    await saving;
    expect(store.getState().settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', fontSize: 'small' });
  });

  it('applies a settings.changed event when nothing is pending', async () => {
    const { store } = setup();
    await store.getState().load();
    store.getState().receive({ ...stored, fontSize: 'large' });
    expect(store.getState().settings.fontSize).toBe('large');
    expect(store.getState().confirmed.fontSize).toBe('large');
  });
});
