import { describe, expect, it } from 'vitest';
import { NodeHealthTracker } from './nodeHealth';

function tracker() {
  const clock = { t: 1_000 };
  const health = new NodeHealthTracker(() => clock.t, {
    threshold: 2,
    baseBackoffMs: 100,
    maxBackoffMs: 400,
    window: 10,
  });
  return { clock, health };
}

function fail(health: NodeHealthTracker, times: number) {
  for (let i = 0; i < times; i++) {
    health.started();
    health.failed('connection refused');
  }
}

describe('node health and circuit breaker', () => {
  it('opens after consecutive failures and lets one probe through after the backoff', () => {
    const { clock, health } = tracker();
    fail(health, 2);
    expect(health.snapshot()).toMatchObject({
      state: 'down',
      breaker: 'open',
      retryAt: 1_100,
      lastError: 'connection refused',
    });
    expect(health.admit()).toBe(false);
    clock.t = 1_100;
    expect(health.available()).toBe(true);
    expect(health.admit()).toBe(true);
    expect(health.snapshot().breaker).toBe('half-open');
    expect(health.admit()).toBe(false);
    health.started();
    health.succeeded(12, 40);
    // Closed again; still 'degraded' while the failures are in the recent window.
    expect(health.snapshot()).toMatchObject({ state: 'degraded', breaker: 'closed', retryAt: null, latencyMs: 12 });
  });

  it('doubles the backoff when the probe fails, up to the cap', () => {
    const { clock, health } = tracker();
    fail(health, 2);
    for (const backoff of [200, 400, 400]) {
      clock.t = health.snapshot().retryAt!;
      expect(health.admit()).toBe(true);
      fail(health, 1);
      expect(health.snapshot().retryAt).toBe(clock.t + backoff);
    }
  });

  it('counts requests, errors, error rate and in-flight work', () => {
    const { health } = tracker();
    health.started();
    health.started();
    expect(health.busy).toBe(2);
    health.succeeded(10, 100, { prompt: 30, completion: 12 });
    health.failed('500');
    expect(health.snapshot()).toMatchObject({
      promptTokens: 30,
      completionTokens: 12,
      requests: 2,
      errors: 1,
      errorRate: 0.5,
      inFlight: 0,
      state: 'degraded',
      tokensPerSecond: 100,
    });
  });

  it('a stopped request says nothing about the node', () => {
    const { health } = tracker();
    health.started();
    health.released();
    expect(health.snapshot()).toMatchObject({ requests: 0, errors: 0, inFlight: 0, state: 'unknown' });
  });

  it('health checks take a dead node out at once and put it back when it answers, without counting requests', () => {
    const { clock, health } = tracker();
    health.checkSucceeded(8);
    expect(health.snapshot()).toMatchObject({ state: 'healthy', lastCheckOk: true, lastCheckAt: 1_000, requests: 0 });
    clock.t = 2_000;
    health.checkFailed('connection refused', true);
    expect(health.snapshot()).toMatchObject({
      state: 'down',
      breaker: 'open',
      lastCheckOk: false,
      lastCheckAt: 2_000,
      lastError: 'connection refused',
      requests: 0,
      errors: 0,
    });
    expect(health.admit()).toBe(false);
    clock.t = 2_050; // before the backoff ran out: the check still brings it back
    health.checkSucceeded(9);
    expect(health.snapshot()).toMatchObject({ breaker: 'closed', retryAt: null, lastCheckOk: true });
    expect(health.admit()).toBe(true);
  });

  it('a check the node refused (wrong key) is shown but keeps the node in rotation', () => {
    const { health } = tracker();
    health.checkFailed('refused the API key (401)', false);
    expect(health.snapshot()).toMatchObject({
      breaker: 'closed',
      lastCheckOk: false,
      lastError: 'refused the API key (401)',
    });
    expect(health.admit()).toBe(true);
  });
});
