import { describe, expect, it } from 'vitest';
import { readFirstScreenHint, writeFirstScreenHint } from './firstScreenHint';
import { memoryStorage } from '../../testing/memoryStorage';

describe('first-screen hint', () => {
  it('round-trips the last decision', () => {
    const storage = memoryStorage();
    writeFirstScreenHint(storage, { onboarding: true });
    expect(readFirstScreenHint(storage)).toEqual({ onboarding: true });
    writeFirstScreenHint(storage, { onboarding: false });
    expect(readFirstScreenHint(storage)).toEqual({ onboarding: false });
  });

  it('is null on a first start, without storage, and for anything unreadable', () => {
    expect(readFirstScreenHint(memoryStorage())).toBeNull();
    expect(readFirstScreenHint(null)).toBeNull();
    for (const stored of ['{not json', '"yes"', '{"onboarding":"true"}', '[]', 'null'])
      expect(readFirstScreenHint(memoryStorage({ 'outpost.first-screen': stored }))).toBeNull();
  });

  it('survives storage that throws (disabled or full)', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readFirstScreenHint(broken)).toBeNull();
    expect(() => writeFirstScreenHint(broken, { onboarding: true })).not.toThrow();
  });
});
