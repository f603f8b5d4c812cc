import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@contract';
import { openTestDb } from '../agents/testing/agentFixtures';
import { createApiApp } from './apiApp';
import { ApiKeyStore } from './apiKeyStore';
import { badRequest } from './openaiErrors';
import { RateLimiter } from './rateLimiter';
import { ApiRequestLog } from './requestLog';
import { RequestQueue } from './requestQueue';

describe('API middleware: loopback guard, CORS, rate limit', () => {
  const t = openTestDb();
  afterAll(() => t.db.close());
  const keys = new ApiKeyStore(t.db, Date.now);
  const key = keys.rotate();
  let settings: Settings = { ...DEFAULT_SETTINGS, apiRateLimitPerMinute: 2 };
  let remote = '127.0.0.1';
  const app = createApiApp({
    settings: () => settings,
    verifyKey: (k) => keys.verify(k),
    keyPrefix: () => keys.info()?.prefix ?? null,
    limiter: new RateLimiter(() => settings.apiRateLimitPerMinute, Date.now),
    authFailures: new RateLimiter(() => 20, Date.now),
    queue: new RequestQueue({ capacity: () => 1, maxWaiting: () => 1, now: Date.now }),
    log: new ApiRequestLog(t.db, () => undefined),
    models: () => [{ id: 'm', created: 0, ownedBy: 'outpost' }],
    prepareModel: () => {
      throw badRequest('not used here');
    },
    prepareAgent: () => {
      throw badRequest('not used here');
    },
    embeddings: () => null,
    remoteAddress: () => remote,
    now: Date.now,
  });
  const get = (headers: Record<string, string> = {}) =>
    app.request('http://127.0.0.1:1234/v1/models', {
      headers: { host: '127.0.0.1:1234', authorization: `Bearer ${key}`, ...headers },
    });

  it('refuses a non-loopback client while bound to loopback, in OpenAI shape', async () => {
    remote = '192.168.1.20';
    const res = await get();
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ type: 'permission_error', code: 'not_loopback' });
    remote = '127.0.0.1';
  });

  it('sends CORS headers only for configured origins', async () => {
    expect((await get({ origin: 'http://app.test' })).headers.get('access-control-allow-origin')).toBeNull();
    settings = { ...settings, apiCorsOrigins: ['http://app.test'], apiRateLimitPerMinute: 100 };
    expect((await get({ origin: 'http://app.test' })).headers.get('access-control-allow-origin')).toBe(
      'http://app.test',
    );
    expect((await get({ origin: 'http://other.test' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    settings = { ...settings, apiRateLimitPerMinute: 1 };
    const statuses = [];
    let last: Response | null = null;
    for (let i = 0; i < 3; i++) {
      last = await get();
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
