import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeltaStream, type DeltaFrame } from './deltaStream';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const pacing = { intervalMs: 100, minChars: 8, maxWaitMs: 300 };

describe('DeltaStream', () => {
  it('sends the first delta at once, then frames of enough text at most once per interval', () => {
    const frames: DeltaFrame[] = [];
    const stream = new DeltaStream((f) => frames.push(f), pacing);
    stream.push('m1', 'H');
    expect(frames).toEqual([{ messageId: 'm1', delta: 'H' }]);
    stream.push('m1', 'ello, ');
    stream.push('m1', 'world');
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(frames.at(-1)).toEqual({ messageId: 'm1', delta: 'ello, world' });
  });

  it('holds a little text until the longest wait, and flushes in order before another message', () => {
    const frames: DeltaFrame[] = [];
    const stream = new DeltaStream((f) => frames.push(f), pacing);
    stream.push('m1', 'A');
    stream.push('m1', 'b');
    vi.advanceTimersByTime(200);
    expect(frames).toHaveLength(1); // 1 char is not worth a frame yet
    vi.advanceTimersByTime(100);
    expect(frames.at(-1)).toEqual({ messageId: 'm1', delta: 'b' });
    stream.push('m1', 'c');
    stream.push('m2', 'Next');
    stream.flush();
    stream.flush();
    expect(frames.slice(2)).toEqual([
      { messageId: 'm1', delta: 'c' },
      { messageId: 'm2', delta: 'Next' },
    ]);
    vi.advanceTimersByTime(1000);
    expect(frames).toHaveLength(4);
  });
});
