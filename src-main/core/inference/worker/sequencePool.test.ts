import { describe, expect, it } from 'vitest';
import { SequencePool } from './sequencePool';

describe('SequencePool', () => {
  it('hands out free items, then queues waiters first-in first-out', async () => {
    const pool = new SequencePool(['s1', 's2'], 10_000);
    const signal = new AbortController().signal;
    const first = await pool.acquire(signal);
    const second = await pool.acquire(signal);
    expect([first, second]).toEqual(['s1', 's2']);
    expect(pool.busy).toBe(2);

    const order: string[] = [];
    const third = pool.acquire(signal).then((item) => order.push(`third:${item}`));
    const fourth = pool.acquire(signal).then((item) => order.push(`fourth:${item}`));
    expect(pool.waiting).toBe(2);
    pool.release(second);
    pool.release(first);
    await Promise.all([third, fourth]);
    expect(order).toEqual(['third:s2', 'fourth:s1']);
  });

  it('rejects a waiter on abort or timeout and keeps the item for others', async () => {
    const pool = new SequencePool(['only'], 30);
    const item = await pool.acquire(new AbortController().signal);
    const controller = new AbortController();
    const aborted = pool.acquire(controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    await expect(pool.acquire(new AbortController().signal)).rejects.toMatchObject({ code: 'busy' });
    expect(pool.waiting).toBe(0);
    pool.release(item);
    expect(await pool.acquire(new AbortController().signal)).toBe('only');
  });

  it('tryAcquire takes a free item without ever waiting, and yields to anyone queued', async () => {
    const pool = new SequencePool(['s1'], 10_000);
    const signal = new AbortController().signal;
    expect(pool.tryAcquire()).toBe('s1');
    expect(pool.tryAcquire()).toBeNull();
    const waiting = pool.acquire(signal);
    pool.release('s1'); // goes straight to the waiter
    await expect(waiting).resolves.toBe('s1');
    expect(pool.tryAcquire()).toBeNull();
    pool.release('s1');
    expect(pool.tryAcquire()).toBe('s1');
    pool.release('s1');
    pool.close(new Error('unloading'));
    expect(pool.tryAcquire()).toBeNull();
  });

  it('fails every waiter and later acquire once closed', async () => {
    const pool = new SequencePool(['only'], 10_000);
    await pool.acquire(new AbortController().signal);
    const waiting = pool.acquire(new AbortController().signal);
    pool.close(new Error('unloading'));
    await expect(waiting).rejects.toThrow('unloading');
    await expect(pool.acquire(new AbortController().signal)).rejects.toThrow('unloading');
  });
});
