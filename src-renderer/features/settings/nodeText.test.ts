import { describe, expect, it } from 'vitest';
import type { NodeHealth } from '@contract';
import { capabilityLine, checkLine, healthLine, tokensLine } from './nodeText';

const health: NodeHealth = {
  state: 'healthy',
  breaker: 'closed',
  latencyMs: 41.6,
  errorRate: 0.25,
  requests: 4,
  errors: 1,
  inFlight: 1,
  tokensPerSecond: 30.25,
  promptTokens: 1200,
  completionTokens: 340,
  lastError: null,
  lastErrorAt: null,
  lastOkAt: null,
  retryAt: null,
  lastCheckAt: null,
  lastCheckOk: null,
};

describe('node text', () => {
  it('summarises health', () => {
    expect(healthLine(health)).toBe('4 requests · 42 ms · 30.3 tok/s · 1,540 tokens · 25% errors · 1 running');
  });
  it('leaves tokens out before a node finished a reply', () => {
    expect(healthLine({ ...health, promptTokens: 0, completionTokens: 0 })).not.toContain('tokens');
  });
  it('counts tokens read and written', () => {
    expect(tokensLine(health)).toBe('1,200 in · 340 out');
  });
  it('says when the last health check ran and how it went', () => {
    const time = (at: number) => `t${at}`;
    expect(checkLine({ ...health, lastCheckAt: 4, lastCheckOk: true }, time)).toBe('checked at t4: reachable');
    expect(checkLine({ ...health, lastCheckAt: 9, lastCheckOk: false }, time)).toBe('checked at t9: not reachable');
    expect(checkLine(health, time)).toBeNull();
  });
  it('marks unknown capabilities', () => {
    expect(capabilityLine({ streaming: true, tools: false, jsonSchema: null })).toBe(
      'streaming ✓ · tools ✗ · JSON schema ?',
    );
  });
});
