import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS } from '@contract';
import { installedModel, loadedModel, memoryEstimate, workerStatus } from '../testing/modelFixtures';
import {
  applyProgress,
  loadBlocker,
  loadedFootprintKey,
  optionsKey,
  settleProgress,
  staleEstimates,
} from './modelsState';

describe('optionsKey', () => {
  it('ignores key order and changes with any value', () => {
    const reordered = Object.fromEntries(Object.entries(DEFAULT_LOAD_OPTIONS).reverse()) as typeof DEFAULT_LOAD_OPTIONS;
    expect(optionsKey(reordered)).toBe(optionsKey(DEFAULT_LOAD_OPTIONS));
    expect(optionsKey({ ...DEFAULT_LOAD_OPTIONS, threads: 1 })).not.toBe(optionsKey(DEFAULT_LOAD_OPTIONS));
  });
});

describe('loadedFootprintKey', () => {
  it('changes with memory use, not with busy or last-used ticks', () => {
    const a = [loadedModel({ modelId: 'a' }), loadedModel({ modelId: 'b' })];
    const ticked = [loadedModel({ modelId: 'b', busySequences: 1, lastUsedAt: 5 }), loadedModel({ modelId: 'a' })];
    expect(loadedFootprintKey(ticked)).toBe(loadedFootprintKey(a));
    expect(loadedFootprintKey([loadedModel({ modelId: 'a' })])).not.toBe(loadedFootprintKey(a));
  });
});

describe('staleEstimates', () => {
  it('lists models without an estimate for their saved options, skipping broken files', () => {
    const ok = installedModel({ id: 'ok' });
    const changed = installedModel({ id: 'changed', loadOptions: { ...DEFAULT_LOAD_OPTIONS, threads: 1 } });
    const broken = installedModel({ id: 'broken', problem: 'file is missing: /x' });
    const fresh = { optionsKey: optionsKey(DEFAULT_LOAD_OPTIONS), estimate: null, error: null, pending: false };
    expect(staleEstimates([ok, changed, broken, installedModel({ id: 'new' })], { ok: fresh, changed: fresh })).toEqual(
      ['changed', 'new'],
    );
  });
});

describe('applyProgress', () => {
  it('tracks a load; a failure drops it, a finish holds 100% until the model is loaded', () => {
    const loading = applyProgress({}, { modelId: 'm', progress: 0.5, phase: 'loading', error: null });
    expect(loading.m?.progress).toBe(0.5);
    expect(applyProgress(loading, { modelId: 'm', progress: 0, phase: 'failed', error: 'x' })).toEqual({});
    const done = applyProgress(loading, { modelId: 'm', progress: 0, phase: 'done', error: null });
    expect(done.m).toMatchObject({ phase: 'done', progress: 1 });
    expect(settleProgress(done, [])).toEqual(done);
    expect(settleProgress(done, [loadedModel({ modelId: 'm' })])).toEqual({});
  });
});

describe('loadBlocker', () => {
  const entry = (estimate = memoryEstimate()) => ({ optionsKey: '', estimate, error: null, pending: false });
  it('explains why Load is disabled', () => {
    expect(loadBlocker(installedModel(), entry(), workerStatus())).toBeNull();
    expect(loadBlocker(installedModel({ problem: 'file is missing: /x' }), undefined, null)).toBe(
      "Can't load: file is missing: /x",
    );
    const tooBig = entry(memoryEstimate({ fits: false, suggestion: 'Use a smaller context (try 2048 tokens).' }));
    expect(loadBlocker(installedModel(), tooBig, workerStatus())).toBe(
      "Doesn't fit the memory budget with these options. Use a smaller context (try 2048 tokens).",
    );
    expect(loadBlocker(installedModel(), entry(), workerStatus({ state: 'restarting' }))).toMatch(/restarting/);
  });
});
