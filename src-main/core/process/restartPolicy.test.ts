import { describe, expect, it } from 'vitest';
import { RestartPolicy } from './restartPolicy';

describe('RestartPolicy', () => {
  const policy = () =>
    new RestartPolicy({ initialDelayMs: 500, maxDelayMs: 2_000, maxCrashesPerWindow: 4, windowMs: 60_000 });

  it('backs off exponentially up to the cap, then gives up after a burst', () => {
    const restarts = policy();
    expect([0, 1, 2, 3].map((i) => restarts.onCrash(i * 1_000))).toEqual([500, 1_000, 2_000, 2_000]);
    expect(restarts.onCrash(5_000)).toBeNull();
  });

  it('forgets crashes older than the window, and everything on reset', () => {
    const restarts = policy();
    restarts.onCrash(0);
    restarts.onCrash(1_000);
    expect(restarts.onCrash(120_000)).toBe(500);
    restarts.onCrash(121_000);
    restarts.reset();
    expect(restarts.onCrash(122_000)).toBe(500);
  });
});
