// dispatch is the gate every transport uses; its policy is tested on fake handlers, no core booted.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_PAYLOAD_BYTES } from '@contract';
import { createMemoryLogger } from '../testing/testPorts';
import { dispatch, type DispatchRequest } from './dispatch';
import type { Handlers } from './handlerTypes';

const ctx = () => ({ signal: new AbortController().signal });

/** Handlers for the routes these tests call; any other route reached is a test bug and says so. */
function boot() {
  const logger = createMemoryLogger();
  const known: Record<string, (input: unknown) => Promise<unknown>> = {
    'settings.get': async () => DEFAULT_SETTINGS,
    'settings.set': async () => DEFAULT_SETTINGS,
  };
  const handlers = new Proxy(known, {
    get: (target, route: string) =>
      target[route] ??
      (async () => {
        throw new Error(`no fake handler for ${route}`);
      }),
  }) as unknown as Handlers;
  const core = {
    handlers: known as unknown as Record<string, (input: unknown) => Promise<unknown>>,
    dispatch: (request: DispatchRequest, c: ReturnType<typeof ctx>) => dispatch(handlers, request, c, logger),
  };
  return { core, logger };
}

describe('dispatch', () => {
  it('answers a valid request with the handler output', async () => {
    const { core } = boot();
    const result = await core.dispatch({ route: 'settings.get', input: {} }, ctx());
    expect(result).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it.each([
    ['unknown route', { route: 'nope.nothing', input: {} }, 'unknown_route'],
    ['non-string route', { route: 42, input: {} }, 'unknown_route'],
    ['prototype key as route', { route: 'constructor', input: {} }, 'unknown_route'],
    ['wrong type', { route: 'settings.set', input: { theme: 7 } }, 'bad_request'],
    ['unknown key', { route: 'settings.set', input: { theme: 'dark', evil: true } }, 'bad_request'],
    ['empty patch', { route: 'settings.set', input: {} }, 'bad_request'],
    ['array input', { route: 'settings.get', input: [1, 2] }, 'bad_request'],
    ['extra key on empty-input route', { route: 'app.info', input: { x: 1 } }, 'bad_request'],
  ])('rejects %s with a typed error', async (_name, request, code) => {
    const { core } = boot();
    const result = await core.dispatch(request, ctx());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('rejects an oversized payload before parsing it', async () => {
    const { core } = boot();
    const input = { theme: 'dark', blob: 'x'.repeat(MAX_PAYLOAD_BYTES + 10) };
    const result = await core.dispatch({ route: 'settings.set', input }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('turns a handler exception into an internal error and logs it', async () => {
    const { core, logger } = boot();
    core.handlers['settings.get'] = async () => {
      throw new Error('boom');
    };
    const result = await core.dispatch({ route: 'settings.get', input: {} }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(logger.lines.some((l) => l.level === 'error' && l.message === 'handler failed')).toBe(true);
  });

  it('answers a raw SQLite failure (a full database) as storage_error, not internal', async () => {
    const { core } = boot();
    const full = new Database(':memory:');
    full.exec('CREATE TABLE t (x BLOB)');
    full.pragma(`max_page_count = ${Number(full.pragma('page_count', { simple: true }))}`);
    core.handlers['settings.get'] = async () => {
      full.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
      return DEFAULT_SETTINGS;
    };
    const result = await core.dispatch({ route: 'settings.get', input: {} }, ctx());
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'storage_error', details: { sqliteCode: 'SQLITE_FULL' } },
    });
    if (!result.ok) expect(result.error.message).toMatch(/the disk is full; free some space and try again/);
    full.close();
  });

  it('refuses handler output that breaks the contract', async () => {
    const { core } = boot();
    core.handlers['settings.get'] = async () => ({ theme: 'purple' }) as never;
    const result = await core.dispatch({ route: 'settings.get', input: {} }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
