import { describe, expect, it } from 'vitest';
import type { Token } from 'node-llama-cpp';
import { TokenStops } from './tokenStops';

const t = (...ids: number[]) => ids as Token[];

describe('TokenStops', () => {
  it('finds the earliest text stop and where the reply ends', () => {
    const stops = new TokenStops(['END', 'xy'], []);
    expect(stops.match('abc xy END', t(1, 2, 3), () => 0)).toEqual({ textEnd: 4, sequence: 'xy' });
    expect(stops.match('abc', t(1), () => 0)).toBeNull();
  });

  it('matches a token stop at the end and cuts the text before its first token', () => {
    const stops = new TokenStops([], [t(7, 8)]);
    const offsets = [0, 3, 5];
    expect(stops.match('abcdef', t(1, 7, 8), (i) => offsets[i]!)).toEqual({ textEnd: 3 });
    expect(stops.match('abcdef', t(7, 8, 1), (i) => offsets[i]!)).toBeNull();
  });

  it('holds back text that may start a stop sequence, and unfinished multi-byte characters', () => {
    const stops = new TokenStops(['STOP'], []);
    expect(stops.safeLength('hello ST')).toBe(6);
    expect(stops.safeLength('hello')).toBe(5);
    expect(new TokenStops([], []).safeLength('ab\uFFFD')).toBe(2);
  });
});
