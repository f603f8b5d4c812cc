import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_PAYLOAD_BYTES } from '@contract';
import { createCore, type Core } from '../createCore';
import { createTestPorts } from '../testing/testPorts';

const ctx = () => ({ signal: new AbortController().signal });
let core: Core | null = null;

afterEach(async () => {
  await core?.dispose();
  core = null;
});

async function boot() {
  const t = createTestPorts();
  core = await createCore(t.ports);
  return { core, ...t };
}

describe('dispatch', () => {
  it('answers a valid request with the handler output', async () => {
    const { core } = await boot();
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
    const { core } = await boot();
    const result = await core.dispatch(request, ctx());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('rejects an oversized payload before parsing it', async () => {
    const { core } = await boot();
    const input = { theme: 'dark', blob: 'x'.repeat(MAX_PAYLOAD_BYTES + 10) };
    const result = await core.dispatch({ route: 'settings.set', input }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('turns a handler exception into an internal error and logs it', async () => {
    const { core, logger } = await boot();
    core.handlers['settings.get'] = async () => {
      throw new Error('boom');
    };
    const result = await core.dispatch({ route: 'settings.get', input: {} }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(logger.lines.some((l) => l.level === 'error' && l.message === 'handler failed')).toBe(true);
  });

  it('answers a raw SQLite failure (a full database) as storage_error, not internal', async () => {
    const { core } = await boot();
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
    const { core } = await boot();
    core.handlers['settings.get'] = async () => ({ theme: 'purple' }) as never;
    const result = await core.dispatch({ route: 'settings.get', input: {} }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
