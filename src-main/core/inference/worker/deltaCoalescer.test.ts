import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeltaCoalescer } from './deltaCoalescer';

afterEach(() => {
  vi.useRealTimers();
});

describe('DeltaCoalescer', () => {
  it('sends the first chunk at once, batches the rest per interval, and flushes the tail', () => {
    // Fake time: a loaded machine must not turn "within one interval" into "after it".
    vi.useFakeTimers();
    const sent: Array<[string, number]> = [];
    const coalescer = new DeltaCoalescer(
      (delta, tokens) => sent.push([delta, tokens]),
      30,
      () => Date.now(),
    );
    coalescer.pushTokens(1);
    coalescer.pushText('a');
    expect(sent).toEqual([['a', 1]]);
    for (const text of ['b', 'c', 'd']) {
      vi.advanceTimersByTime(5);
      coalescer.pushTokens(1);
      coalescer.pushText(text);
    }
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(15);
    expect(sent).toEqual([
      ['a', 1],
      ['bcd', 3],
    ]);
    coalescer.pushTokens(2);
    coalescer.flush();
    expect(sent.at(-1)).toEqual(['', 2]);
    coalescer.flush();
    expect(sent).toHaveLength(3);
    coalescer.dispose();
  });

  it('sends a chunk at once after a quiet period longer than the interval', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer(
      (delta) => sent.push(delta),
      30,
      () => Date.now(),
    );
    coalescer.pushText('a');
    vi.advanceTimersByTime(100);
    coalescer.pushText('b');
    expect(sent).toEqual(['a', 'b']);
    coalescer.dispose();
  });
});
