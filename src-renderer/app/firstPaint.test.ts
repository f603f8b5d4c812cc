import { describe, expect, it } from 'vitest';
import { writeFirstScreenHint } from '../features/onboarding/firstScreenHint';
import { afterNextPaint, shouldShowStaticShell, type FrameScheduler } from './firstPaint';
import { memoryStorage } from '../testing/memoryStorage';

describe('shouldShowStaticShell', () => {
  it('shows the prerendered app on a first visit and after the app was last shown', () => {
    const storage = memoryStorage();
    expect(shouldShowStaticShell(storage)).toBe(true);
    expect(shouldShowStaticShell(null)).toBe(true);
    writeFirstScreenHint(storage, { onboarding: false });
    expect(shouldShowStaticShell(storage)).toBe(true);
  });

  it('keeps it hidden when this browser last showed the first-run guide', () => {
    const storage = memoryStorage();
    writeFirstScreenHint(storage, { onboarding: true });
    expect(shouldShowStaticShell(storage)).toBe(false);
  });
});

/** A scheduler whose frames and timers run when the test says so. */
function manualScheduler() {
  const frames: (() => void)[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const scheduler = {
    requestAnimationFrame: (callback: FrameRequestCallback) => frames.push(() => callback(0)),
    setTimeout: (run: () => void, ms = 0) => timers.push({ run, ms }),
  } as unknown as FrameScheduler;
  const runTimers = (atMost: number) => {
    for (const timer of timers.splice(0).filter((t) => t.ms <= atMost)) timer.run();
  };
  return { scheduler, frames, timers, runTimers };
}

describe('afterNextPaint', () => {
  it('runs the work after the next frame, once, even when the fallback timer fires too', () => {
    const { scheduler, frames, timers } = manualScheduler();
    let runs = 0;
    afterNextPaint(scheduler, () => runs++);
    expect(runs).toBe(0);
    for (const frame of frames.splice(0)) frame(); // the frame queues the after-paint timeout
    const afterPaint = timers.find((t) => t.ms === 0);
    afterPaint?.run();
    expect(runs).toBe(1);
    for (const timer of timers) timer.run(); // the fallback: already done
    expect(runs).toBe(1);
  });

  it('still runs when the page renders no frames (a background tab)', () => {
    const { scheduler, runTimers } = manualScheduler();
    let runs = 0;
    afterNextPaint(scheduler, () => runs++);
    runTimers(Number.POSITIVE_INFINITY);
    expect(runs).toBe(1);
  });
});
