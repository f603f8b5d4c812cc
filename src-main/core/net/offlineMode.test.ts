/** Offline mode end to end through the real core: the switch blocks downloads and search with typed errors. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download } from '@contract';
import { catalogDocument, ggufModel } from '../catalog/testing/catalogFixtures';
import { createCore, type Core } from '../createCore';
import { FakeModelServer } from '../downloads/testing/fakeModelServer';
import { sha256Of, tinyGguf } from '../downloads/testing/testFiles';
import { createTestPorts, makeTempDir } from '../testing/testPorts';

const ctx = { signal: new AbortController().signal };
let server: FakeModelServer;
let core: Core;
let logger: ReturnType<typeof createTestPorts>['logger'];
let events: ReturnType<typeof createTestPorts>['events'];

beforeAll(async () => {
  server = await FakeModelServer.start();
  const body = await tinyGguf(makeTempDir('outpost-net-model-'));
  const url = server.serve('/m.gguf', body);
  const model = ggufModel('net-test');
  const variant = {
    ...model.variants[0]!,
    files: [{ ...model.variants[0]!.files[0]!, urls: [url], sizeBytes: body.length, sha256: sha256Of(body) }],
  };
  const catalogFile = path.join(makeTempDir('outpost-net-'), 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(catalogDocument([{ ...model, variants: [variant] }])));
  const t = createTestPorts();
  logger = t.logger;
  events = t.events;
  core = await createCore({ ...t.ports, catalogFile });
});

afterAll(async () => {
  await core.dispose();
  await server.close();
});

async function waitForFinalDownload(): Promise<Download> {
  for (let i = 0; i < 200; i++) {
    const last = events.events.filter((e) => e.name === 'downloads.progress').at(-1)?.payload as Download | undefined;
    if (last && ['failed', 'done'].includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('download never finished');
}

describe('offline mode', () => {
  it('refuses Hugging Face search and downloads with the "offline" code and sends nothing', async () => {
    await core.dispatch({ route: 'settings.set', input: { offlineMode: true } }, ctx);
    const search = await core.dispatch({ route: 'catalog.search', input: { query: 'qwen' } }, ctx);
    expect(search).toMatchObject({ ok: false, error: { code: 'offline' } });

    const started = await core.dispatch(
      { route: 'downloads.start', input: { modelId: 'net-test', variantId: 'net-test-q2_k' } },
      ctx,
    );
    expect(started.ok).toBe(true);
    const final = await waitForFinalDownload();
    expect(final).toMatchObject({ state: 'failed', error: { code: 'offline' } });
    expect(server.requests).toHaveLength(0);
    const refused = logger.lines.filter((line) => line.message === 'network: refused');
    expect(refused.map((line) => line.fields?.purpose)).toEqual(expect.arrayContaining(['hf-search', 'download']));
  });

  it('lets the same download through once offline mode is off', async () => {
    await core.dispatch({ route: 'settings.set', input: { offlineMode: false } }, ctx);
    events.events.length = 0;
    const list = await core.dispatch({ route: 'downloads.list', input: {} }, ctx);
    const id = (list as { ok: true; value: Download[] }).value[0]!.id;
    await core.dispatch({ route: 'downloads.resume', input: { id } }, ctx);
    const final = await waitForFinalDownload();
    expect(final, JSON.stringify(final.error)).toMatchObject({ state: 'done' });
    expect(server.requestsFor('/m.gguf').length).toBeGreaterThan(0);
    expect(
      logger.lines.some((line) => line.message === 'network: allowed' && line.fields?.purpose === 'download'),
    ).toBe(true);
  });
});
