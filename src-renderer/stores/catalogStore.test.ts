import { describe, expect, it } from 'vitest';
import { OutpostError, type CatalogView, type InstalledModel } from '@contract';
import { catalogView } from '../testing/catalogFixtures';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { installedModel } from '../testing/modelFixtures';
import { createCatalogStore } from './catalogStore';
import { createFilePickerStore } from './filePickerStore';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const bridge = createFakeBridge({
    'catalog.list': async () => catalogView(),
    'catalog.tokenStatus': async () => ({ hasToken: false }),
  });
  const store = createCatalogStore(() => bridge);
  const listCalls = () => bridge.calls.filter((c) => c.route === 'catalog.list').length;
  return { bridge, store, listCalls };
}

describe('catalogStore', () => {
  it('loads the view and token status when watched, and refreshes on installs only while watched', async () => {
    const { store, listCalls } = setup();
    expect(listCalls()).toBe(0);
    const unwatch = store.getState().watch();
    await flush();
    expect(store.getState().view?.models.map((m) => m.id)).toEqual(['big', 'qwen']);
    expect(store.getState().token.hasToken).toBe(false);

    store.getState().receiveModelsChanged();
    await flush();
    expect(listCalls()).toBe(2);

    unwatch();
    unwatch(); // a second call is harmless
    store.getState().receiveModelsChanged();
    store.getState().receiveReconnect();
    await flush();
    expect(listCalls()).toBe(2);
    // Changes seen while away are fetched when the screen opens again.
    store.getState().watch();
    await flush();
    expect(listCalls()).toBe(3);
  });

  it('keeps the newest view when refreshes answer out of order, and the last view on failure', async () => {
    const { bridge, store } = setup();
    const first = deferred<CatalogView>();
    const second = deferred<CatalogView>();
    const replies = [first, second];
    bridge.handlers['catalog.list'] = () => replies.shift()!.promise;
    const a = store.getState().refresh();
    const b = store.getState().refresh();
    second.resolve(catalogView({ skipped: [{ index: 3, id: 'broken', reason: 'bad url' }] }));
    first.resolve(catalogView());
    await Promise.all([a, b]);
    expect(store.getState().view?.skipped).toHaveLength(1);

    bridge.handlers['catalog.list'] = async () => {
      throw new OutpostError('internal', 'catalog.json is unreadable');
    };
    await store.getState().refresh();
    expect(store.getState().view?.skipped).toHaveLength(1);
    expect(store.getState().loadError?.message).toBe('catalog.json is unreadable');
  });

  it('keeps filters and picked variants', () => {
    const { store } = setup();
    store.getState().setFilters({ purpose: 'coding' });
    store.getState().setFilters({ text: 'qwen' });
    expect(store.getState().filters).toEqual({ purpose: 'coding', size: 'any', fit: 'all', text: 'qwen' });
    store.getState().selectVariant('qwen', 'qwen-q2');
    expect(store.getState().selectedVariants).toEqual({ qwen: 'qwen-q2' });
  });

  it('searches Hugging Face and keeps the core’s own words when offline', async () => {
    const { bridge, store } = setup();
    bridge.handlers['catalog.search'] = async () => {
      throw new OutpostError('unavailable', 'Hugging Face could not be reached (offline?): ENOTFOUND');
    };
    await store.getState().runSearch('  ');
    expect(store.getState().search.status).toBe('idle');
    await store.getState().runSearch(' qwen ');
    expect(store.getState().search).toMatchObject({
      query: 'qwen',
      status: 'failed',
      error: { code: 'unavailable', message: 'Hugging Face could not be reached (offline?): ENOTFOUND' },
    });

    const result = { repo: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF', downloads: 5, likes: 1, updatedAt: null, ggufFiles: [] };
    bridge.handlers['catalog.search'] = async () => [result];
    await store.getState().runSearch('qwen');
    expect(store.getState().search).toMatchObject({ status: 'done', results: [result], error: null });
  });

  it('saves and clears the token, never holding the token itself', async () => {
    const { bridge, store } = setup();
    bridge.handlers['catalog.setToken'] = async ({ token }) => ({ hasToken: token !== null });
    await expect(store.getState().saveToken('hf_secret')).resolves.toBe(true);
    expect(store.getState().token).toEqual({ hasToken: true, saving: false, error: null });
    expect(JSON.stringify(store.getState())).not.toContain('hf_secret');
    await store.getState().saveToken(null);
    expect(store.getState().token.hasToken).toBe(false);
  });

  it('imports a pack with progress, or keeps the error naming the file', async () => {
    const { bridge, store } = setup();
    const reply = deferred<InstalledModel[]>();
    bridge.handlers['models.importPack'] = () => reply.promise;
    const importing = store.getState().importPack('/media/usb/pack');
    store.getState().receivePackProgress({ path: '/media/usb/pack/a.gguf', copiedBytes: 5, totalBytes: 10 });
    expect(store.getState().pack).toMatchObject({ status: 'running', currentFile: '/media/usb/pack/a.gguf' });
    reply.resolve([installedModel({ id: 'a' })]);
    await expect(importing).resolves.toBe(true);
    expect(store.getState().pack).toMatchObject({ status: 'done', added: [{ id: 'a' }] });

    bridge.handlers['models.importPack'] = async () => {
      throw new OutpostError('invalid_model', 'b.gguf: SHA-256 does not match the manifest', {
        file: '/media/usb/pack/b.gguf',
      });
    };
    await expect(store.getState().importPack('/media/usb/pack')).resolves.toBe(false);
    expect(store.getState().pack).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_model', file: '/media/usb/pack/b.gguf' },
    });
    store.getState().dismissPack();
    expect(store.getState().pack).toBeNull();
  });
});

describe('filePickerStore', () => {
  it('guesses support from the shell, then believes the core', async () => {
    const bridge = createFakeBridge({ 'system.pickFile': async () => ({ supported: false, path: null }) });
    const picker = createFilePickerStore(() => bridge);
    picker.getState().probe();
    expect(picker.getState().supported).toBe(false); // the fake is a headless bridge
    Object.assign(bridge, { kind: 'electron' });
    const electron = createFilePickerStore(() => bridge);
    electron.getState().probe();
    expect(electron.getState().supported).toBe(true);
    await expect(electron.getState().pick('pack')).resolves.toBeNull();
    expect(electron.getState()).toMatchObject({ supported: false, picking: null });
  });
});
