/** `updates.*` through the dispatch gate of a headless core: a typed status, never an error. */
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../createCore';
import { createTestPorts } from '../testing/testPorts';

const ctx = () => ({ signal: new AbortController().signal });
let core: Core | null = null;
afterEach(async () => {
  await core?.dispose();
  core = null;
});

it('answers updates.status and updates.check in headless with "not available in this build"', async () => {
  core = await createCore(createTestPorts().ports);
  for (const route of ['updates.status', 'updates.check'] as const) {
    expect(await core.dispatch({ route, input: {} }, ctx())).toMatchObject({
      ok: true,
      value: { state: 'unavailable', reason: 'headless', currentVersion: '0.0.0-test' },
    });
  }
});

it('answers updates.download and updates.cancel in headless as unavailable and refuses updates.restart with bad_request', async () => {
  core = await createCore(createTestPorts().ports);
  expect(await core.dispatch({ route: 'updates.download', input: {} }, ctx())).toMatchObject({
    ok: true,
    value: { state: 'unavailable', reason: 'headless' },
  });
  expect(await core.dispatch({ route: 'updates.cancel', input: {} }, ctx())).toMatchObject({
    ok: true,
    value: { state: 'unavailable', reason: 'headless' },
  });
  expect(await core.dispatch({ route: 'updates.restart', input: {} }, ctx())).toMatchObject({
    ok: false,
    error: { code: 'bad_request' },
  });
});
