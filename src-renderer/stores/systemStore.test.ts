import { describe, expect, it } from 'vitest';
import { OutpostError, type SystemSnapshot } from '@contract';
import { createFakeBridge, deferred } from '../testing/fakeBridge';
import { createSystemStore } from './systemStore';

const snapshot: SystemSnapshot = {
  cpu: { model: 'Test CPU', cores: 2, arch: 'x64' },
  memory: { totalBytes: 8 * 1024 ** 3, freeBytes: 3 * 1024 ** 3 },
  backends: [
    { backend: 'cuda', available: false, reason: 'no driver or runtime libraries found on this machine' },
    { backend: 'cpu', available: true, reason: null },
  ],
  takenAt: 1_000,
};

describe('systemStore', () => {
  it('loads a snapshot and shares one request between concurrent refreshes', async () => {
    const reply = deferred<SystemSnapshot>();
    const bridge = createFakeBridge({ 'system.snapshot': () => reply.promise });
    const store = createSystemStore(() => bridge);

    const a = store.getState().refresh();
    const b = store.getState().refresh();
    expect(store.getState().loading).toBe(true);
    reply.resolve(snapshot);
    await Promise.all([a, b]);
    expect(bridge.calls).toHaveLength(1);
    expect(store.getState()).toMatchObject({ snapshot, loading: false, error: null });
  });

  it('keeps the last snapshot when a refresh fails', async () => {
    const bridge = createFakeBridge({ 'system.snapshot': async () => snapshot });
    const store = createSystemStore(() => bridge);
    await store.getState().refresh();
    bridge.handlers['system.snapshot'] = async () => {
      throw new OutpostError('internal', 'probe failed');
    };
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ snapshot, loading: false, error: 'probe failed' });
  });
});
