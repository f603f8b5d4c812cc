import { describe, expect, it } from 'vitest';
import { OutpostError, type ResourceAlert } from '@contract';
import { createFakeBridge } from '../../testing/fakeBridge';
import { createMonitoringStore } from './monitoringStore';
import { readRendererMemory, startMonitoringSync } from './monitoringSync';
import { sampleFixture } from './sampleFixture';

const ramAlert: ResourceAlert = {
  id: 'ram-high',
  level: 'warning',
  title: 'Memory is running low',
  message: 'x',
  action: { kind: 'unloadModel', modelId: 'tiny' },
  actionLabel: 'Unload tiny',
};

describe('monitoring store', () => {
  it('follows sample events and appends live chart points', () => {
    const bridge = createFakeBridge({
      'monitoring.current': async () => sampleFixture({ takenAt: 1 }),
      'monitoring.reportRenderer': async () => ({ accepted: true }),
    });
    const store = createMonitoringStore(() => bridge);
    const stop = startMonitoringSync(bridge, store);
    bridge.emit('monitoring.sample', sampleFixture({ takenAt: 2_000 }));
    bridge.emit('monitoring.sample', sampleFixture({ takenAt: 3_000 }));
    expect(store.getState().sample?.takenAt).toBe(3_000);
    expect(store.getState().history.map((p) => p.t)).toEqual([2_000, 3_000]);
    stop();
    bridge.emit('monitoring.sample', sampleFixture({ takenAt: 4_000 }));
    expect(store.getState().sample?.takenAt).toBe(3_000);
  });

  it('keeps a dismissed alert hidden while it lasts and shows it again when it returns', () => {
    const store = createMonitoringStore(() => createFakeBridge());
    store.getState().receiveSample(sampleFixture({ takenAt: 1, alerts: [ramAlert] }));
    store.getState().dismiss('ram-high');
    store.getState().receiveSample(sampleFixture({ takenAt: 2, alerts: [ramAlert] }));
    expect(store.getState().dismissed).toEqual(['ram-high']);
    store.getState().receiveSample(sampleFixture({ takenAt: 3, alerts: [] }));
    expect(store.getState().dismissed).toEqual([]);
  });

  it('runs an alert action, takes the fresh sample, and shows a typed failure', async () => {
    const bridge = createFakeBridge({
      'monitoring.runAction': async () => sampleFixture({ takenAt: 9 }),
    });
    const store = createMonitoringStore(() => bridge);
    expect(await store.getState().runAction({ kind: 'unloadModel', modelId: 'tiny' })).toBe(true);
    expect(store.getState().sample?.takenAt).toBe(9);
    bridge.handlers['monitoring.runAction'] = async () => {
      throw new OutpostError('not_loaded', 'Model tiny is not loaded');
    };
    expect(await store.getState().runAction({ kind: 'unloadModel', modelId: 'tiny' })).toBe(false);
    expect(store.getState().actionError).toBe('Model tiny is not loaded');
    expect(store.getState().acting).toBeNull();
  });

  it('loads per-minute history for long ranges and ignores an answer for a range no longer shown', async () => {
    const point = { ...sampleFixture(), t: 60_000 };
    const bridge = createFakeBridge({
      'monitoring.history': async ({ minutes }) => ({
        resolution: minutes > 15 ? 'minute' : 'live',
        points: [
          {
            t: minutes,
            ramUsedPercent: 1,
            appRssBytes: 1,
            cpuPercent: null,
            vramUsedPercent: null,
            tokensPerSecond: null,
          },
        ],
      }),
    });
    const store = createMonitoringStore(() => bridge);
    await store.getState().setRange(1440);
    expect(store.getState().history.map((p) => p.t)).toEqual([1440]);
    store.getState().receiveSample(sampleFixture({ takenAt: point.t })); // not appended outside live
    expect(store.getState().history).toHaveLength(1);
  });
});

describe('readRendererMemory', () => {
  it('reads Chromium’s performance.memory and reports nothing elsewhere', () => {
    const perf = { memory: { usedJSHeapSize: 10, jsHeapSizeLimit: 100 } } as unknown as Performance;
    expect(readRendererMemory(perf)).toEqual({ jsHeapUsedBytes: 10, jsHeapLimitBytes: 100 });
    expect(readRendererMemory({} as Performance)).toBeNull();
    expect(readRendererMemory(undefined)).toBeNull();
  });
});
