import { describe, expect, it } from 'vitest';
import { formatGiB, percentOf, secondsUntil } from './format';

describe('formatGiB', () => {
  it('formats binary gigabytes with one decimal by default', () => {
    expect(formatGiB(0)).toBe('0.0 GiB');
    expect(formatGiB(1024 ** 3)).toBe('1.0 GiB');
    expect(formatGiB(16 * 1024 ** 3)).toBe('16.0 GiB');
    expect(formatGiB(16_723_595_264)).toBe('15.6 GiB');
    expect(formatGiB(512 * 1024 ** 2)).toBe('0.5 GiB');
  });

  it('honours the requested precision', () => {
    expect(formatGiB(1.5 * 1024 ** 3, 2)).toBe('1.50 GiB');
    expect(formatGiB(3 * 1024 ** 3, 0)).toBe('3 GiB');
  });

  it('shows a dash for values that are not a size', () => {
    expect(formatGiB(-1)).toBe('—');
    expect(formatGiB(Number.NaN)).toBe('—');
    expect(formatGiB(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('percentOf', () => {
  it('rounds and clamps', () => {
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(5, 4)).toBe(100);
    expect(percentOf(-1, 4)).toBe(0);
  });

  it('is 0 when the whole is zero or not finite', () => {
    expect(percentOf(1, 0)).toBe(0);
    expect(percentOf(1, Number.NaN)).toBe(0);
  });
});

describe('secondsUntil', () => {
  it('rounds up and never goes below zero', () => {
    expect(secondsUntil(10_000, 8_001)).toBe(2);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
  });
});
