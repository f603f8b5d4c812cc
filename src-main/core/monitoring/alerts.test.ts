import { describe, expect, it } from 'vitest';
import type { GpuSample, ModelSample } from '@contract';
import { computeAlerts, type AlertInput } from './alerts';

const MiB = 1024 ** 2;
const limits = { alertRamPercent: 85, alertVramPercent: 90, alertResponseSeconds: 20 };
const noGpu: GpuSample = { state: 'not-reported', backend: 'cpu', names: [], reason: 'CPU backend' };

function model(id: string, patch: Partial<ModelSample> = {}): ModelSample {
  return {
    modelId: id,
    state: 'loaded',
    ramBytes: 500 * MiB,
    vramBytes: 0,
    contextSize: 4096,
    parallelSequences: 1,
    busySequences: 0,
    lastUsedAt: 1_000,
    ...patch,
  };
}

const input = (patch: Partial<AlertInput> = {}): AlertInput => ({
  ramUsedPercent: 50,
  gpu: noGpu,
  models: [],
  latency: null,
  ...patch,
});

describe('computeAlerts', () => {
  it('stays quiet below every threshold', () => {
    expect(computeAlerts(input({ models: [model('a')] }), limits)).toEqual([]);
  });

  it('suggests unloading the least recently used idle model when RAM is high', () => {
    const models = [
      model('busy', { busySequences: 1, lastUsedAt: 1 }),
      model('recent', { lastUsedAt: 900 }),
      model('stale', { lastUsedAt: 100, ramBytes: 300 * MiB }),
    ];
    const [alert] = computeAlerts(input({ ramUsedPercent: 88.4, models }), limits);
    expect(alert).toMatchObject({
      id: 'ram-high',
      level: 'warning',
      action: { kind: 'unloadModel', modelId: 'stale' },
    });
    expect(alert?.message).toContain('88%');
    expect(alert?.message).toContain('300 MiB');
  });

  it('raises RAM to an error past 95% and offers no action when every model is busy', () => {
    const [alert] = computeAlerts(input({ ramUsedPercent: 97, models: [model('a', { busySequences: 1 })] }), limits);
    expect(alert).toMatchObject({ id: 'ram-high', level: 'error', action: null, actionLabel: null });
  });

  it('never raises a VRAM alert when the backend does not report VRAM', () => {
    expect(computeAlerts(input({ gpu: noGpu }), { ...limits, alertVramPercent: 10 })).toEqual([]);
  });

  it('raises a VRAM alert from reported numbers and picks a model that holds VRAM', () => {
    const gpu: GpuSample = {
      state: 'reported',
      backend: 'vulkan',
      names: ['GPU'],
      totalBytes: 1000,
      usedBytes: 950,
      freeBytes: 50,
    };
    const models = [model('cpu-only', { lastUsedAt: 1 }), model('on-gpu', { vramBytes: 400 * MiB })];
    const [alert] = computeAlerts(input({ gpu, models }), limits);
    expect(alert).toMatchObject({ id: 'vram-high', action: { kind: 'unloadModel', modelId: 'on-gpu' } });
  });

  it('suggests halving the context of a slow loaded model, never below 512', () => {
    const slow = computeAlerts(
      input({ models: [model('m', { contextSize: 4096 })], latency: { modelId: 'm', ttftMs: 25_000 } }),
      limits,
    );
    expect(slow[0]).toMatchObject({ id: 'slow-response', action: { kind: 'lowerContext', contextSize: 2048 } });
    const small = computeAlerts(
      input({ models: [model('m', { contextSize: 512 })], latency: { modelId: 'm', ttftMs: 25_000 } }),
      limits,
    );
    expect(small[0]).toMatchObject({ id: 'slow-response', action: null });
    expect(computeAlerts(input({ latency: { modelId: 'm', ttftMs: 19_999 } }), limits)).toEqual([]);
  });
});
