import { describe, expect, it } from 'vitest';
import { appendPoint, pointOf, toColumns, vramText } from './monitorData';
import { sampleFixture } from './sampleFixture';

describe('monitorData', () => {
  it('turns a sample into a chart point, keeping unknown VRAM as null', () => {
    const point = pointOf(sampleFixture({ usedBytes: 3 * 1024 ** 3, totalBytes: 4 * 1024 ** 3 }));
    expect(point).toMatchObject({ ramUsedPercent: 75, vramUsedPercent: null, tokensPerSecond: null });
    const withGpu = sampleFixture({
      gpu: { state: 'reported', backend: 'vulkan', names: ['GPU'], totalBytes: 200, usedBytes: 50, freeBytes: 150 },
    });
    expect(pointOf(withGpu).vramUsedPercent).toBe(25);
  });

  it('appends in time order, drops repeats and points past the window', () => {
    const p = (t: number) => ({ ...pointOf(sampleFixture()), t });
    let points = [p(1_000), p(2_000)];
    points = appendPoint(points, p(2_000), 10_000);
    expect(points.map((x) => x.t)).toEqual([1_000, 2_000]);
    points = appendPoint(points, p(11_500), 10_000);
    expect(points.map((x) => x.t)).toEqual([2_000, 11_500]);
  });

  it('gives uPlot seconds on x and gaps (null) where a value was not reported', () => {
    const p = { ...pointOf(sampleFixture()), t: 5_000 };
    expect(toColumns([p], 'vramUsedPercent')).toEqual([[5], [null]]);
  });

  it('says VRAM is not reported instead of showing 0', () => {
    expect(vramText(sampleFixture(), String)).toBe('not reported by this backend');
  });
});
