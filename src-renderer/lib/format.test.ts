import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatCount,
  formatDuration,
  formatGiB,
  formatParams,
  formatRate,
  percentOf,
  secondsUntil,
} from './format';

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

describe('formatBytes', () => {
  it('picks the largest binary unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(129_920)).toBe('127 KiB');
    expect(formatBytes(6_424_016)).toBe('6.13 MiB');
    expect(formatBytes(4.37 * 1024 ** 3)).toBe('4.37 GiB');
    expect(formatBytes(15.5 * 1024 ** 3)).toBe('15.5 GiB');
  });

  it('shows a dash for values that are not a size', () => {
    expect(formatBytes(-5)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatParams', () => {
  it('writes counts the way model cards do', () => {
    expect(formatParams(114_240)).toBe('114K');
    expect(formatParams(494_032_768)).toBe('494M');
    expect(formatParams(1_543_714_304)).toBe('1.5B');
    expect(formatParams(7_000_000_000)).toBe('7B');
    expect(formatParams(70_553_706_496)).toBe('71B');
    expect(formatParams(999)).toBe('999');
  });

  it('is a dash when unknown', () => {
    expect(formatParams(null)).toBe('—');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(4096)).toBe('4,096');
    expect(formatCount(131_072)).toBe('131,072');
  });
});

describe('formatDuration and formatAgo', () => {
  it('scales from milliseconds to hours', () => {
    expect(formatDuration(29.88)).toBe('30 ms');
    expect(formatDuration(1_234)).toBe('1.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(5 * 60_000 + 10_000)).toBe('5 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(formatDuration(null)).toBe('—');
  });

  it('says how long ago', () => {
    expect(formatAgo(1_000, 3_000)).toBe('just now');
    expect(formatAgo(0, 42_500)).toBe('42 s ago');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 min ago');
  });
});

describe('formatRate', () => {
  it('keeps one decimal below 100', () => {
    expect(formatRate(31.27)).toBe('31.3 tok/s');
    expect(formatRate(339.5)).toBe('340 tok/s');
    expect(formatRate(null)).toBe('—');
  });
});
