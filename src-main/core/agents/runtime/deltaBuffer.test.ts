import { describe, expect, it } from 'vitest';
import { DeltaBuffer } from './deltaBuffer';

describe('DeltaBuffer', () => {
  it('writes coalesced chunks at most every interval, and the rest on flush', () => {
    let now = 0;
    const writes: string[] = [];
    const errors: unknown[] = [];
    const store = { appendToMessage: (_id: string, delta: string) => void writes.push(delta) };
    const buffer = new DeltaBuffer(store, 'm', { now: () => now }, 250, (e) => errors.push(e));
    buffer.push('a');
    now = 100;
    buffer.push('b');
    expect(writes).toEqual([]);
    now = 260;
    buffer.push('c');
    expect(writes).toEqual(['abc']);
    buffer.push('d');
    buffer.flush();
    buffer.close();
    expect(writes).toEqual(['abc', 'd']);
    expect(buffer.text).toBe('abcd');
    expect(errors).toEqual([]);
  });

  it('reports a failed write instead of breaking the stream', () => {
    let now = 0;
    const errors: unknown[] = [];
    const store = {
      appendToMessage: () => {
        throw new Error('disk full');
      },
    };
    const buffer = new DeltaBuffer(store, 'm', { now: () => now }, 10, (e) => errors.push(e));
    now = 20;
    expect(() => buffer.push('x')).not.toThrow();
    expect(errors).toHaveLength(1);
    buffer.close();
  });
});
