import { describe, expect, it } from 'vitest';
import { TokenMeter } from './tokenMeter';

function setup() {
  let now = 10_000;
  const meter = new TokenMeter(() => now);
  const token = (tokens: number) => meter.add(tokens);
  return { meter, token, advance: (ms: number) => (now += ms) };
}

describe('TokenMeter', () => {
  it('reports null when nothing streamed', () => {
    const { meter, token } = setup();
    token(0);
    expect(meter.take()).toBeNull();
  });

  it('measures the speed over the time tokens flowed, not the whole sampling interval', () => {
    const { meter, token, advance } = setup();
    advance(5_000);
    for (let i = 0; i < 10; i++) {
      token(3);
      advance(100); // 30 tokens per second
    }
    advance(4_000);
    expect(meter.take()).toBeCloseTo(30 / 0.9, 0); // the first delta opens the span
    expect(meter.take()).toBeNull();
  });

  it('falls back to the interval for a single delta and wakes the monitor once per burst', () => {
    const { meter, token, advance } = setup();
    let bursts = 0;
    meter.onBurst(() => (bursts += 1));
    advance(1_000);
    token(4);
    token(4);
    expect(bursts).toBe(1);
    expect(meter.streaming()).toBe(true);
    advance(1_000);
    expect(meter.take()).toBeCloseTo(4, 5);
    advance(3_000);
    expect(meter.streaming()).toBe(false);
    token(1);
    expect(bursts).toBe(2);
  });
});
