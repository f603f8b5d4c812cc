import { describe, expect, it } from 'vitest';
import type { AppInfo, AppNotice } from '@contract';
import { createFakeBridge } from '../testing/fakeBridge';
import { createAppStore, visibleNotices } from './appStore';
import { memoryStorage } from '../testing/memoryStorage';

const recovered: AppNotice = {
  id: 'db-recovered-1',
  level: 'warning',
  title: 'Your database could not be read',
  message: '/data/outpost.db was damaged … kept the damaged file as /data/outpost.db.corrupt-1',
  files: ['/data/outpost.db', '/data/outpost.db.corrupt-1'],
};

const info: AppInfo = {
  name: 'Outpost',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  shell: 'headless',
  runtime: { node: '20.20.2', electron: null, chrome: null },
  dataDir: '/data',
  notices: [recovered],
};

describe('appStore', () => {
  it('loads app info and its start-up notices', async () => {
    const bridge = createFakeBridge({ 'app.info': async () => info });
    const store = createAppStore({ bridge: () => bridge });
    await store.getState().loadInfo();
    expect(store.getState().info).toEqual(info);
    expect(store.getState().notices).toEqual([recovered]);
  });

  it('does not duplicate a notice that arrives both live and in app.info', async () => {
    const bridge = createFakeBridge({ 'app.info': async () => info });
    const store = createAppStore({ bridge: () => bridge });
    store.getState().addNotices([recovered]);
    await store.getState().loadInfo();
    expect(store.getState().notices).toHaveLength(1);
  });

  it('remembers dismissals for the session', () => {
    const sessionStorage = memoryStorage();
    const first = createAppStore({ bridge: () => createFakeBridge(), sessionStorage });
    first.getState().addNotices([recovered]);
    first.getState().dismissNotice(recovered.id);
    expect(visibleNotices(first.getState().notices, first.getState().dismissed)).toEqual([]);

    const afterReload = createAppStore({ bridge: () => createFakeBridge(), sessionStorage });
    afterReload.getState().addNotices([recovered]);
    expect(visibleNotices(afterReload.getState().notices, afterReload.getState().dismissed)).toEqual([]);
  });

  it('stamps connection changes and remembers having been open', () => {
    let now = 100;
    const store = createAppStore({ bridge: () => createFakeBridge(), now: () => now });
    expect(store.getState()).toMatchObject({
      connection: { state: 'connecting', since: 100 },
      everOpen: false,
      everClosed: false,
    });
    now = 200;
    store.getState().setConnection({ state: 'open' });
    now = 300;
    store.getState().setConnection({ state: 'closed', reason: 'lost', retryInMs: 500 });
    expect(store.getState()).toMatchObject({
      connection: { state: 'closed', reason: 'lost', retryInMs: 500, since: 300 },
      everOpen: true,
      everClosed: true,
    });
  });
});
