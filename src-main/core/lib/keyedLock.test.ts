import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyedLock';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedLock', () => {
  it('runs work for one key in order, other keys concurrently, and survives failures', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const a1 = lock.run('a', async () => {
      log.push('a1 start');
      await tick();
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const a2 = lock.run('a', async () => {
      log.push('a2 start');
      return 'a2';
    });
    const b1 = lock.run('b', async () => {
      log.push('b1');
    });
    await expect(a1).rejects.toThrow('a1 failed');
    await expect(a2).resolves.toBe('a2');
    await b1;
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1')).toBeLessThan(log.indexOf('a1 end'));
  });
});
