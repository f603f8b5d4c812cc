import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS, OutpostError, type LoadedModel, type MemoryEstimate } from '@contract';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { installedModel, loadedModel, memoryEstimate, workerStatus } from '../testing/modelFixtures';
import { createModelsStore } from './modelsStore';
import { startModelsSync } from './modelsSync';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const qwen = installedModel();
const tiny = installedModel({ id: 'tiny', source: 'linked', sizeBytes: 129_920 });

function setup() {
  const bridge = createFakeBridge({
    'models.list': async () => [qwen, tiny],
    'models.loaded': async () => [],
    'inference.status': async () => workerStatus(),
    'models.estimate': async () => memoryEstimate(),
  });
  const store = createModelsStore(() => bridge);
  return { bridge, store };
}

const estimateCalls = (bridge: ReturnType<typeof setup>['bridge']) =>
  bridge.calls.filter((c) => c.route === 'models.estimate');

describe('modelsStore', () => {
  it('loads installed models, loaded models and the worker status', async () => {
    const { store } = setup();
    expect(store.getState().listed).toBe(false);
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ listed: true, loaded: [], worker: { state: 'ready' }, listError: null });
    expect(store.getState().models.map((m) => m.id)).toEqual([qwen.id, 'tiny']);
  });

  it('estimates only while watched, and again when options or the loaded set change', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    expect(estimateCalls(bridge)).toHaveLength(0);

    const unwatch = store.getState().watchEstimates();
    await flush();
    expect(estimateCalls(bridge)).toHaveLength(2);
    expect(store.getState().estimates[qwen.id]).toMatchObject({ pending: false, estimate: { fits: true } });

    // A busy/last-used tick costs nothing; a model using memory does.
    store.getState().receiveLoaded([]);
    await flush();
    expect(estimateCalls(bridge)).toHaveLength(2);
    store.getState().receiveLoaded([loadedModel({ modelId: 'tiny' })]);
    await flush();
    expect(estimateCalls(bridge)).toHaveLength(4);
    store.getState().receiveLoaded([loadedModel({ modelId: 'tiny', busySequences: 1, lastUsedAt: 99 })]);
    await flush();
    expect(estimateCalls(bridge)).toHaveLength(4);

    // Changed options (from this or another window) make that model's estimate stale.
    const changed = { ...tiny, loadOptions: { ...DEFAULT_LOAD_OPTIONS, contextSize: 512 } };
    store.getState().receiveModels([qwen, changed]);
    await flush();
    expect(estimateCalls(bridge).slice(4)).toEqual([{ route: 'models.estimate', input: { id: 'tiny' } }]);

    unwatch();
    store.getState().receiveBudgetChange();
    await flush();
    expect(estimateCalls(bridge)).toHaveLength(5);
  });

  it('keeps only the newest estimate when answers arrive out of order', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    const first = deferred<MemoryEstimate>();
    const second = deferred<MemoryEstimate>();
    const replies = [first, second];
    bridge.handlers['models.estimate'] = () => replies.shift()!.promise;

    const a = store.getState().refreshEstimates(['tiny']);
    const b = store.getState().refreshEstimates(['tiny']);
    second.resolve(memoryEstimate({ fits: false, suggestion: 'Use a smaller context' }));
    first.resolve(memoryEstimate({ fits: true }));
    await Promise.all([a, b]);
    expect(store.getState().estimates.tiny?.estimate).toMatchObject({
      fits: false,
      suggestion: 'Use a smaller context',
    });
  });

  it('tracks load progress and keeps a typed error per model', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    const reply = deferred<LoadedModel>();
    bridge.handlers['models.load'] = () => reply.promise;

    const loading = store.getState().loadModel(qwen.id);
    expect(store.getState().busy[qwen.id]).toBe('load');
    store.getState().receiveProgress({ modelId: qwen.id, progress: 0.4, phase: 'loading', error: null });
    expect(store.getState().progress[qwen.id]?.progress).toBe(0.4);

    const message = 'qwen needs about 0.70 GiB RAM but the memory budget has 0.10 GiB free. Use a smaller context';
    store.getState().receiveProgress({ modelId: qwen.id, progress: 0, phase: 'failed', error: message });
    reply.reject(new OutpostError('insufficient_memory', message, { modelId: qwen.id }));
    await expect(loading).resolves.toBe(false);
    expect(store.getState().progress[qwen.id]).toBeUndefined();
    expect(store.getState().busy[qwen.id]).toBeUndefined();
    expect(store.getState().errors[qwen.id]).toEqual({
      action: 'load',
      error: { code: 'insufficient_memory', message, file: null },
    });

    // Trying again clears the old error while the new attempt runs.
    bridge.handlers['models.load'] = async () => loadedModel();
    const again = store.getState().loadModel(qwen.id);
    expect(store.getState().errors[qwen.id]).toBeUndefined();
    await again;
    expect(store.getState().loaded.map((m) => m.modelId)).toEqual([qwen.id]);
  });

  it('records a failure of a load started elsewhere from the progress event alone', async () => {
    const { store } = setup();
    await store.getState().refresh();
    store.getState().receiveProgress({ modelId: 'tiny', progress: 0, phase: 'failed', error: 'worker crashed' });
    expect(store.getState().errors.tiny).toMatchObject({ action: 'elsewhere', error: { message: 'worker crashed' } });
  });

  it('unloads, and removes with the freed space remembered', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    store.getState().receiveLoaded([loadedModel({ modelId: 'tiny' })]);
    bridge.handlers['models.unload'] = async () => [];
    await store.getState().unloadModel('tiny');
    expect(store.getState().loaded).toEqual([]);

    bridge.handlers['models.remove'] = async () => ({ freedBytes: qwen.sizeBytes });
    await store.getState().remove(qwen.id);
    expect(store.getState().models.map((m) => m.id)).toEqual(['tiny']);
    expect(store.getState().lastRemoval).toEqual({
      modelId: qwen.id,
      fileName: qwen.fileName,
      source: 'scanned',
      freedBytes: qwen.sizeBytes,
    });
  });

  it('registers a model by path with import progress, or names the bad file', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    const reply = deferred<typeof tiny>();
    bridge.handlers['models.register'] = () => reply.promise;
    const adding = store.getState().register('/models/new.gguf', 'copy');
    store.getState().receiveImportProgress({ path: '/models/new.gguf', copiedBytes: 50, totalBytes: 200 });
    store.getState().receiveImportProgress({ path: '/elsewhere.gguf', copiedBytes: 199, totalBytes: 200 });
    expect(store.getState().importing).toMatchObject({ status: 'running', copiedBytes: 50, totalBytes: 200 });
    const added = installedModel({ id: 'new', source: 'copied' });
    reply.resolve(added);
    await expect(adding).resolves.toEqual(added);
    expect(store.getState().importing).toMatchObject({ status: 'done', added });
    expect(store.getState().models.map((m) => m.id)).toContain('new');

    bridge.handlers['models.register'] = async () => {
      throw new OutpostError('invalid_model', "notes.gguf: not a GGUF file (starts with 'hell')", {
        file: '/tmp/notes.gguf',
        reason: 'not_gguf',
      });
    };
    await expect(store.getState().register('/tmp/notes.gguf', 'link')).resolves.toBeNull();
    expect(store.getState().importing).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_model', file: '/tmp/notes.gguf', message: expect.stringContaining('notes.gguf') },
    });
  });

  it('saves load options and replaces the model', async () => {
    const { bridge, store } = setup();
    await store.getState().refresh();
    const options = { ...DEFAULT_LOAD_OPTIONS, threads: 1, contextSize: 512 };
    bridge.handlers['models.setLoadOptions'] = async ({ id }) => ({ ...tiny, id, loadOptions: options });
    await expect(store.getState().setLoadOptions('tiny', options)).resolves.toBe(true);
    expect(store.getState().models.find((m) => m.id === 'tiny')?.loadOptions).toEqual(options);
  });
});

describe('startModelsSync', () => {
  it('follows events and refreshes after a reconnect', async () => {
    const { bridge, store } = setup();
    const stop = startModelsSync(bridge, store);
    await flush();
    expect(store.getState().listed).toBe(true);

    bridge.emit('inference.status', workerStatus({ state: 'restarting', restarts: 1, lastError: 'worker_crashed' }));
    expect(store.getState().worker).toMatchObject({ state: 'restarting', restarts: 1 });
    bridge.emit('models.loadedChanged', [loadedModel({ modelId: 'tiny' })]);
    expect(store.getState().loaded).toHaveLength(1);
    bridge.emit('models.changed', [tiny]);
    expect(store.getState().models).toEqual([tiny]);

    bridge.setStatus({ state: 'closed', reason: 'lost', retryInMs: 100 });
    bridge.setStatus({ state: 'open' });
    await flush();
    expect(store.getState().models.map((m) => m.id)).toEqual([qwen.id, 'tiny']);
    expect(store.getState().loaded).toEqual([]);

    stop();
    bridge.emit('models.changed', []);
    expect(store.getState().models).toHaveLength(2);
  });
});
