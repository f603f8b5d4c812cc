import { describe, expect, it } from 'vitest';
import { PhaseTimer } from './phaseTimer';

describe('PhaseTimer', () => {
  it('gives each phase the time since the previous mark and adds repeated phases up', () => {
    let now = 100;
    const timer = new PhaseTimer(() => now);
    now = 103;
    timer.end('renderMs');
    now = 110;
    timer.end('evalMs');
    now = 111;
    timer.end('evalMs');
    expect(timer.phases()).toEqual({
      constraintMs: 0,
      renderMs: 3,
      queueMs: 0,
      cacheMs: 0,
      evalMs: 8,
      decodeMs: 0,
      saveMs: 0,
    });
  });
});
