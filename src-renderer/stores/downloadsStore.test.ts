import { describe, expect, it } from 'vitest';
import { OutpostError, type Download } from '@contract';
import { download } from '../testing/catalogFixtures';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { createCatalogStore } from './catalogStore';
import { startCatalogSync } from './catalogSync';
import { createDownloadsStore } from './downloadsStore';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(list: Download[] = [download()]) {
  const bridge = createFakeBridge({ 'downloads.list': async () => list });
  const store = createDownloadsStore({ bridge: () => bridge, now: () => 0 });
  return { bridge, store };
}

describe('downloadsStore', () => {
  it('starts a download and keeps the refusal per model when the core says no', async () => {
    const { bridge, store } = setup([]);
    const reply = deferred<Download[]>();
    bridge.handlers['downloads.start'] = () => reply.promise;
    const starting = store.getState().start('qwen', 'qwen-q4');
    expect(store.getState().starting).toEqual({ qwen: 'qwen-q4' });
    reply.resolve([download({ state: 'queued', receivedBytes: 0 })]);
    await expect(starting).resolves.toBe(true);
    expect(store.getState().byId.d1?.state).toBe('queued');
    expect(store.getState().starting).toEqual({});

    bridge.handlers['downloads.start'] = async () => {
      throw new OutpostError('conflict', 'qwen-q4_k_m.gguf is already being downloaded (queued)');
    };
    await expect(store.getState().start('qwen', 'qwen-q4')).resolves.toBe(false);
    expect(store.getState().startErrors.qwen).toMatchObject({ code: 'conflict', message: /already being/ });
    store.getState().dismissStartError('qwen');
    expect(store.getState().startErrors).toEqual({});
  });

  it('pauses, resumes and cancels by id, marking the row busy meanwhile', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    const paused = deferred<Download>();
    bridge.handlers['downloads.pause'] = () => paused.promise;
    const pausing = store.getState().pause('d1');
    expect(store.getState().busy.d1).toBe('pause');
    paused.resolve(download({ state: 'paused', updatedAt: 3_000, bytesPerSecond: null }));
    await pausing;
    expect(store.getState().byId.d1?.state).toBe('paused');
    expect(store.getState().busy).toEqual({});

    bridge.handlers['downloads.resume'] = async () => {
      throw new OutpostError('conflict', 'A file named qwen-q4_k_m.gguf already exists');
    };
    await store.getState().resume('d1');
    expect(store.getState().actionErrors.d1?.message).toMatch(/already exists/);

    bridge.handlers['downloads.cancel'] = async () => download({ state: 'cancelled', updatedAt: 4_000 });
    await store.getState().cancel('d1');
    expect(store.getState().byId.d1?.state).toBe('cancelled');
    expect(store.getState().actionErrors).toEqual({});
  });

  it('takes progress events, but never an older snapshot over a newer one', async () => {
    const { store } = setup([]);
    store.getState().receive(download({ receivedBytes: 10, updatedAt: 10 }));
    store.getState().receive(download({ state: 'done', receivedBytes: 400, updatedAt: 30, verifiedBy: 'sha256' }));
    const before = store.getState();
    store.getState().receive(download({ receivedBytes: 20, updatedAt: 20 }));
    expect(store.getState()).toBe(before); // nothing changed, so no subscriber runs
    expect(store.getState().byId.d1).toMatchObject({ state: 'done', verifiedBy: 'sha256' });
  });

  it('dismisses a finished download once', () => {
    const { store } = setup();
    store.getState().dismiss('d1');
    store.getState().dismiss('d1');
    expect(store.getState().dismissed).toEqual(['d1']);
  });
});

describe('startCatalogSync', () => {
  it('lists downloads at start and after a reconnect, and follows progress events', async () => {
    const list = [download({ id: 'a' })];
    const { bridge, store: downloads } = setup(list);
    bridge.handlers['catalog.list'] = async () => {
      throw new OutpostError('internal', 'not needed');
    };
    const catalog = createCatalogStore(() => bridge);
    const stop = startCatalogSync(bridge, { catalog, downloads });
    await flush();
    expect(Object.keys(downloads.getState().byId)).toEqual(['a']);
    expect(downloads.getState().listed).toBe(true);

    bridge.emit('downloads.progress', download({ id: 'b', updatedAt: 5 }));
    expect(Object.keys(downloads.getState().byId).sort()).toEqual(['a', 'b']);

    bridge.emit('models.importProgress', { path: '/p/x.gguf', copiedBytes: 1, totalBytes: 2 });
    expect(catalog.getState().pack).toBeNull(); // no pack import running: ignored

    list.splice(0, list.length, download({ id: 'c' }));
    bridge.setStatus({ state: 'closed', reason: 'lost', retryInMs: 100 });
    bridge.setStatus({ state: 'open' });
    await flush();
    expect(Object.keys(downloads.getState().byId)).toEqual(['c']);
    expect(bridge.calls.filter((c) => c.route === 'catalog.list')).toHaveLength(0); // nobody watches the catalog

    stop();
    bridge.emit('downloads.progress', download({ id: 'd' }));
    expect(downloads.getState().byId.d).toBeUndefined();
  });
});
