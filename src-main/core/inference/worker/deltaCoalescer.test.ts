import { describe, expect, it } from 'vitest';
import { DeltaCoalescer } from './deltaCoalescer';

describe('DeltaCoalescer', () => {
  it('sends the first chunk at once, batches the rest per interval, and flushes the tail', async () => {
    const sent: Array<[string, number]> = [];
    const coalescer = new DeltaCoalescer((delta, tokens) => sent.push([delta, tokens]), 30);
    coalescer.pushTokens(1);
    coalescer.pushText('a');
    expect(sent).toEqual([['a', 1]]);
    for (const text of ['b', 'c', 'd']) {
      coalescer.pushTokens(1);
      coalescer.pushText(text);
    }
    expect(sent).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
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
});
