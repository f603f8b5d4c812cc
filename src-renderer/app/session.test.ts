import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppInfo, type Settings } from '@contract';
import { createAppStore } from '../stores/appStore';
import { createSettingsStore } from '../stores/settingsStore';
import { createFakeBridge } from '../testing/fakeBridge';
import { startSession } from './session';

const info: AppInfo = {
  name: 'Outpost',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  shell: 'headless',
  runtime: { node: '20', electron: null, chrome: null },
  dataDir: '/data',
  notices: [],
};

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startSession', () => {
  it('loads, follows live events, and reloads after a reconnect', async () => {
    let current: Settings = { ...DEFAULT_SETTINGS, theme: 'system', fontSize: 'medium' };
    const bridge = createFakeBridge({ 'settings.get': async () => current, 'app.info': async () => info });
    const app = createAppStore({ bridge: () => bridge });
    const settings = createSettingsStore(() => bridge);

    const stop = startSession(bridge, { app, settings });
    await flush();
    expect(settings.getState().loaded).toBe(true);
    expect(app.getState().info?.version).toBe('0.1.0');
    expect(app.getState().connection.state).toBe('open');

    bridge.emit('settings.changed', { ...current, theme: 'dark' });
    expect(settings.getState().settings.theme).toBe('dark');

    bridge.emit('app.notice', { id: 'n1', level: 'info', title: 'Hello', message: 'm', files: [] });
    expect(app.getState().notices.map((n) => n.id)).toEqual(['n1']);

    // Changed while disconnected: the event was missed, the reload after reconnecting catches it.
    bridge.setStatus({ state: 'closed', reason: 'lost', retryInMs: 250 });
    current = { ...current, fontSize: 'large' };
    bridge.setStatus({ state: 'open' });
    await flush();
    expect(settings.getState().settings.fontSize).toBe('large');

    stop();
    bridge.emit('settings.changed', { ...current, theme: 'light' });
    expect(settings.getState().settings.theme).not.toBe('light');
  });
});
