import { describe, expect, it } from 'vitest';
import { RequestQueue } from './requestQueue';

const queue = (capacity = 1, maxWaiting = 10) =>
  new RequestQueue({ capacity: () => capacity, maxWaiting: () => maxWaiting, now: Date.now });
const signal = () => new AbortController().signal;

describe('RequestQueue', () => {
  it('runs up to capacity, then serves waiting clients round-robin', async () => {
    const q = queue(1);
    const first = await q.acquire('m', 'a', signal());
    const order: string[] = [];
    // Each request records its turn and finishes at once, letting the next one in.
    const wait = (client: string, tag: string) =>
      q.acquire('m', client, signal()).then((release) => {
        order.push(tag);
        release();
      });
    const waits = [wait('a', 'a1'), wait('a', 'a2'), wait('a', 'a3'), wait('b', 'b1')];
    expect(q.stats()).toEqual({ running: 1, waiting: 4 });
    first();
    await Promise.all(waits);
    expect(order).toHaveLength(4);
    // b was not starved behind all of a's requests.
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a3'));
  });

  it('refuses beyond the bound with 429 and Retry-After, and drops aborted waiters', async () => {
    const q = queue(1, 1);
    await q.acquire('m', 'a', signal());
    const controller = new AbortController();
    const waiting = q.acquire('m', 'a', controller.signal);
    await expect(q.acquire('m', 'b', signal())).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': expect.any(String) },
    });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'client_closed' });
    expect(q.stats()).toEqual({ running: 1, waiting: 0 });
  });
});
