import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeltaStream, type DeltaFrame } from './deltaStream';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('DeltaStream', () => {
  it('sends the first delta at once, joins later ones per interval, keeps messages apart and in order', () => {
    const frames: DeltaFrame[] = [];
    const stream = new DeltaStream((f) => frames.push(f), 80);
    stream.push('m1', 'H');
    expect(frames).toEqual([{ messageId: 'm1', delta: 'H' }]);
    frames.length = 0;
    stream.push('m1', 'el');
    stream.push('m1', 'lo');
    expect(frames).toEqual([]);
    vi.advanceTimersByTime(80);
    expect(frames).toEqual([{ messageId: 'm1', delta: 'ello' }]);
    stream.push('m1', ' there');
    stream.push('m2', 'Next');
    stream.flush();
    stream.flush();
    expect(frames).toEqual([
      { messageId: 'm1', delta: 'ello' },
      { messageId: 'm1', delta: ' there' },
      { messageId: 'm2', delta: 'Next' },
    ]);
    vi.advanceTimersByTime(500);
    expect(frames).toHaveLength(3);
  });
});
