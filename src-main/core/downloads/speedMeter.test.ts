import { describe, expect, it } from 'vitest';
import { SpeedMeter } from './speedMeter';

describe('SpeedMeter', () => {
  it('knows nothing before a full sample, then tracks a steady rate and its ETA', () => {
    const meter = new SpeedMeter();
    meter.sample(0, 0);
    expect(meter.bytesPerSecond()).toBeNull();
    meter.sample(50, 100); // too soon to say
    expect(meter.bytesPerSecond()).toBeNull();
    for (let t = 250; t <= 10_000; t += 250) meter.sample(t * 1000, t); // 1 MB/s
    expect(meter.bytesPerSecond()).toBeCloseTo(1_000_000, -3);
    expect(meter.etaSeconds(10_000_000, 20_000_000)).toBe(10);
    expect(meter.etaSeconds(10_000_000, null)).toBeNull();
  });

  it('smooths a sudden change over seconds instead of jumping', () => {
    const meter = new SpeedMeter(5_000);
    let bytes = 0;
    meter.sample(bytes, 0);
    for (let t = 250; t <= 20_000; t += 250) meter.sample((bytes += 250_000), t); // 1 MB/s
    for (let t = 20_250; t <= 21_000; t += 250) meter.sample((bytes += 25_000), t); // drops to 100 KB/s
    const rate = meter.bytesPerSecond() ?? 0;
    expect(rate).toBeLessThan(1_000_000);
    expect(rate).toBeGreaterThan(500_000);
  });

  it('starts over when the byte count drops (the download restarted from 0)', () => {
    const meter = new SpeedMeter();
    meter.sample(0, 0);
    meter.sample(1_000_000, 1_000);
    expect(meter.bytesPerSecond()).not.toBeNull();
    meter.sample(0, 1_100);
    expect(meter.bytesPerSecond()).toBeNull();
  });
});
