import { describe, expect, it } from 'vitest';
import { computeBudget, idleModels, planLoad, type LoadedCost } from './memoryPlan';

const GiB = 1024 ** 3;
const need = (ramGiB: number, vramGiB = 0, contextSize = 4096, gpuLayers = 0) => ({
  ramBytes: ramGiB * GiB,
  vramBytes: vramGiB * GiB,
  contextSize,
  gpuLayers,
});
const loaded = (modelId: string, ramGiB: number, lastUsedAt: number, pinned = false): LoadedCost => ({
  modelId,
  ramBytes: ramGiB * GiB,
  vramBytes: 0,
  lastUsedAt,
  pinned,
});

describe('computeBudget', () => {
  it('takes the configured share of RAM and 90% of VRAM', () => {
    expect(computeBudget(16 * GiB, 50, { vramTotalBytes: 8 * GiB }, 2)).toEqual({
      ramBytes: 8 * GiB,
      vramBytes: Math.floor(7.2 * GiB),
      maxLoadedModels: 2,
    });
    expect(computeBudget(16 * GiB, 50, null, 1).vramBytes).toBe(0);
  });
});

describe('planLoad', () => {
  const budget = { ramBytes: 10 * GiB, vramBytes: 0, maxLoadedModels: 3 };

  it('fits without evicting when there is room', () => {
    expect(planLoad(need(4), [loaded('a', 4, 1)], budget, 70)).toMatchObject({ fits: true, evict: [] });
  });

  it('evicts least recently used first, only as many as needed', () => {
    const plan = planLoad(need(6), [loaded('new', 3, 30), loaded('old', 3, 10), loaded('mid', 3, 20)], budget, 70);
    expect(plan).toMatchObject({ fits: true, evict: ['old', 'mid'] });
  });

  it('never evicts pinned (busy or kept-warm) models', () => {
    const plan = planLoad(need(6), [loaded('busy', 5, 1, true), loaded('idle', 2, 2)], budget, 70);
    expect(plan.fits).toBe(false);
    expect(plan.evict).toEqual([]);
    expect(plan.suggestion).toMatch(/smaller context|smaller/);
  });

  it('respects the max loaded models count', () => {
    const plan = planLoad(need(1), [loaded('a', 1, 5), loaded('b', 1, 1)], { ...budget, maxLoadedModels: 2 }, 70);
    expect(plan).toMatchObject({ fits: true, evict: ['b'] });
    const blocked = planLoad(need(1), [loaded('a', 1, 5, true)], { ...budget, maxLoadedModels: 1 }, 70);
    expect(blocked.fits).toBe(false);
    expect(blocked.suggestion).toMatch(/max loaded models/);
  });

  it('refuses a model larger than the whole budget with a suggestion naming the budget', () => {
    const plan = planLoad(need(12, 0, 1024), [], budget, 70);
    expect(plan.fits).toBe(false);
    expect(plan.suggestion).toContain('70%');
  });

  it('suggests fewer GPU layers when VRAM is the limit', () => {
    const plan = planLoad(need(1, 10, 4096, 32), [], { ...budget, vramBytes: 5 * GiB }, 70);
    expect(plan.fits).toBe(false);
    expect(plan.suggestion).toMatch(/fewer layers.*try 15 GPU layers/);
  });
});

describe('idleModels', () => {
  it('lists unpinned models idle past the limit; 0 disables', () => {
    const models = [loaded('stale', 1, 0), loaded('fresh', 1, 9 * 60_000), loaded('warm', 1, 0, true)];
    expect(idleModels(models, 10 * 60_000, 5)).toEqual(['stale']);
    expect(idleModels(models, 10 * 60_000, 0)).toEqual([]);
  });
});
