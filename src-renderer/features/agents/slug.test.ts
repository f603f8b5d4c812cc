import { describe, expect, it } from 'vitest';
import { isValidSlug, slugify, uniqueSlug } from './slug';

describe('slugify', () => {
  it('turns a display name into a valid id', () => {
    expect(slugify('Tëst Agent #2')).toBe('test-agent-2');
    expect(slugify('  --Hello,  World!--  ')).toBe('hello-world');
    expect(slugify('Café Crème')).toBe('cafe-creme');
  });

  it('returns empty when nothing usable is left', () => {
    expect(slugify('🤖 ✨')).toBe('');
    expect(slugify('')).toBe('');
  });

  it('caps the length at 64 without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug).toBe('a'.repeat(63));
    expect(isValidSlug(slugify('x'.repeat(100)))).toBe(true);
  });

  it('always produces ids the contract accepts', () => {
    for (const name of ['A', 'a--b', 'Ünïcødé name', '123 go', 'x_y.z']) {
      const slug = slugify(name);
      expect(slug === '' || isValidSlug(slug)).toBe(true);
    }
  });
});

describe('uniqueSlug', () => {
  it('keeps a free id and numbers a taken one', () => {
    expect(uniqueSlug('helper', new Set())).toBe('helper');
    expect(uniqueSlug('helper', new Set(['helper']))).toBe('helper-2');
    expect(uniqueSlug('helper', new Set(['helper', 'helper-2']))).toBe('helper-3');
  });

  it('falls back to "agent" for an empty base and stays within 64 characters', () => {
    expect(uniqueSlug('', new Set())).toBe('agent');
    const long = 'a'.repeat(64);
    const next = uniqueSlug(long, new Set([long]));
    expect(next).toHaveLength(64);
    expect(next.endsWith('-2')).toBe(true);
  });
});
