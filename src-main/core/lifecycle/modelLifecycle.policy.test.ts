// Lifecycle policy (budget, LRU eviction, idle unload, pinning, lost workers) on a fake engine: no llama.cpp here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError, type Settings } from '@contract';
import { FakeEngine } from '../inference/testing/fakeEngine';
import { createTestLifecycle, createTestModels, type TestModels } from './testing/lifecycleHarness';

const MiB = 1024 * 1024;
let models: TestModels;

beforeAll(async () => {
  models = await createTestModels([1, 2, 3]);
});

afterAll(() => models.close());

/** A machine of `totalRamBytes` with the whole of it as budget unless the settings say otherwise. */
function setup(overrides: Partial<Settings> = {}, totalRamBytes = 1024 * MiB) {
  const engine = new FakeEngine();
  const t = createTestLifecycle(engine, models, { memoryBudgetPercent: 100, ...overrides }, totalRamBytes);
  const ids = () =>
    t.lifecycle
      .list()
      .map((m) => m.modelId)
      .sort();
  return { engine, lifecycle: t.lifecycle, settings: t.settings, ids, tick: t.tick };
}

describe('ModelLifecycle policy', () => {
  it('refuses a model beyond the budget with numbers and a suggestion, and never asks the engine to load it', async () => {
    const t = setup({ memoryBudgetPercent: 10 }, 16 * MiB);
    const error = await t.lifecycle.load('tiny-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).code).toBe('insufficient_memory');
    expect((error as OutpostError).message).toMatch(/tiny-1\.gguf needs about .* GiB RAM .* budget .* 10% of RAM/);
    expect(t.engine.calls).toEqual(['estimate tiny-1']);
  });

  it('evicts the least recently used model when the count limit is reached', async () => {
    const t = setup({ maxLoadedModels: 2 });
    await t.lifecycle.load('tiny-1');
    t.tick();
    await t.lifecycle.load('tiny-2');
    t.tick();
    await t.lifecycle.load('tiny-1'); // a touch: tiny-2 is now the least recently used
    t.tick();
    await t.lifecycle.load('tiny-3');
    expect(t.ids()).toEqual(['tiny-1', 'tiny-3']);
    expect(t.engine.calls.filter((c) => c.startsWith('unload'))).toEqual(['unload tiny-2']);
  });

  it('evicts by memory: the oldest models go until the new one fits, no more', async () => {
    const t = setup({ maxLoadedModels: 8 }, 1000 * MiB);
    t.engine.ramBytes.set('tiny-1', 400 * MiB);
    t.engine.ramBytes.set('tiny-2', 400 * MiB);
    t.engine.ramBytes.set('tiny-3', 300 * MiB);
    await t.lifecycle.load('tiny-1');
    t.tick();
    await t.lifecycle.load('tiny-2');
    t.tick();
    const estimate = await t.lifecycle.estimate('tiny-3');
    expect(estimate).toMatchObject({ fits: true, wouldEvict: ['tiny-1'] });
    await t.lifecycle.load('tiny-3');
    expect(t.ids()).toEqual(['tiny-2', 'tiny-3']);
  });

  it('never evicts the active model while it is kept warm; refuses instead when nothing else can go', async () => {
    const t = setup({ maxLoadedModels: 1, keepActiveModelWarm: true });
    await t.lifecycle.load('tiny-1');
    t.lifecycle.setActive('tiny-1');
    t.tick();
    const error = await t.lifecycle.load('tiny-2').catch((e: unknown) => e);
    expect((error as OutpostError).code).toBe('insufficient_memory');
    expect(t.ids()).toEqual(['tiny-1']);
    t.settings.keepActiveModelWarm = false;
    await t.lifecycle.load('tiny-2');
    expect(t.ids()).toEqual(['tiny-2']);
  });

  it('unloads idle models on the injected clock but keeps the active one warm', async () => {
    const t = setup({ idleUnloadMinutes: 5 });
    await t.lifecycle.load('tiny-1');
    await t.lifecycle.load('tiny-2');
    t.lifecycle.setActive('tiny-2');
    t.tick(4);
    expect(await t.lifecycle.reapIdle()).toEqual([]);
    t.tick(2);
    expect(await t.lifecycle.reapIdle()).toEqual(['tiny-1']);
    expect(t.lifecycle.list()).toMatchObject([{ modelId: 'tiny-2', keepAlive: true }]);
    t.settings.keepActiveModelWarm = false;
    expect(await t.lifecycle.reapIdle()).toEqual(['tiny-2']);
  });

  it('forgets every model when the engine reports its worker lost, and loads again afterwards', async () => {
    const t = setup();
    await t.lifecycle.load('tiny-1');
    await t.lifecycle.load('tiny-2');
    t.engine.crash();
    expect(t.ids()).toEqual([]);
    await t.lifecycle.load('tiny-1');
    expect(t.ids()).toEqual(['tiny-1']);
  });

  it('loading a model already loaded touches it instead of loading it twice', async () => {
    const t = setup();
    await t.lifecycle.load('tiny-1');
    await t.lifecycle.load('tiny-1');
    expect(t.engine.calls.filter((c) => c === 'load tiny-1')).toHaveLength(1);
  });
});
