import { describe, expect, it } from 'vitest';
import { SCREEN_IDS, hrefFor, needsCanonicalHash, parseHashRoute } from './hashRoute';

describe('parseHashRoute', () => {
  it('defaults to chat for an empty or bare hash', () => {
    expect(parseHashRoute('')).toBe('chat');
    expect(parseHashRoute('#')).toBe('chat');
    expect(parseHashRoute('#/')).toBe('chat');
  });

  it('reads every known screen from its canonical hash', () => {
    for (const id of SCREEN_IDS) expect(parseHashRoute(hrefFor(id))).toBe(id);
  });

  it('tolerates a missing slash, case, trailing parts and query strings', () => {
    expect(parseHashRoute('#settings')).toBe('settings');
    expect(parseHashRoute('#/Dashboard/')).toBe('dashboard');
    expect(parseHashRoute('#//models/abc')).toBe('models');
    expect(parseHashRoute('#/catalog?q=qwen')).toBe('catalog');
  });

  it('falls back to chat for unknown screens', () => {
    expect(parseHashRoute('#/nope')).toBe('chat');
    expect(parseHashRoute('#/__proto__')).toBe('chat');
    expect(parseHashRoute('#/constructor')).toBe('chat');
  });
});

describe('needsCanonicalHash', () => {
  it('is false only for the exact canonical form', () => {
    expect(needsCanonicalHash('#/settings')).toBe(false);
    expect(needsCanonicalHash('#settings')).toBe(true);
    expect(needsCanonicalHash('')).toBe(true);
    expect(needsCanonicalHash('#/bogus')).toBe(true);
  });
});
