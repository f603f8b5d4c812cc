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

  it('estimates Retry-After from recent service times, kept after the queue empties', async () => {
    let now = 0;
    const q = new RequestQueue({ capacity: () => 1, maxWaiting: () => 1, now: () => now });
    // A burst of quick requests (60 ms each) that leaves the queue empty.
    for (let i = 0; i < 10; i++) {
      const release = await q.acquire('m', 'a', signal());
      now += 60;
      release();
    }
    expect(q.stats()).toEqual({ running: 0, waiting: 0 });
    await q.acquire('m', 'a', signal());
    void q.acquire('m', 'a', signal()).catch(() => undefined);
    const refused = await q.acquire('m', 'b', signal()).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
    expect(q.serviceEstimateMs('m')).toBe(60);
    expect(q.serviceEstimateMs('never-ran')).toBe(5_000);
  });
});
