import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, RouteName, RouteOutput } from '@contract';
import { createCore, type Core } from '../createCore';
import { makePdf } from '../knowledge/testing/makeDocuments';
import { createTestPorts, makeTempDir } from '../testing/testPorts';

let core: Core;
let t: ReturnType<typeof createTestPorts>;
const ctx = () => ({ signal: new AbortController().signal });

async function call<R extends RouteName>(route: R, input: unknown): Promise<Envelope<RouteOutput<R>>> {
  return (await core.dispatch({ route, input }, ctx())) as Envelope<RouteOutput<R>>;
}
async function ok<R extends RouteName>(route: R, input: unknown): Promise<RouteOutput<R>> {
  const result = await call(route, input);
  if (!result.ok) throw new Error(`${route} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

beforeEach(async () => {
  t = createTestPorts();
  core = await createCore(t.ports);
});
afterEach(async () => {
  await core.dispose();
});

describe('knowledge routes', () => {
  it('creates a base in a granted folder, reports progress, searches, and hands out a one-time download', async () => {
    const folder = makeTempDir('outpost-kb-');
    fs.writeFileSync(
      path.join(folder, 'guide.pdf'),
      await makePdf(['cover', 'the flux capacitor needs 1.21 gigawatts']),
    );
    fs.writeFileSync(path.join(folder, 'notes.md'), '# Notes\n\nNothing about time travel here.');
    const refused = await call('knowledge.create', { name: 'Guide', sources: [{ kind: 'folder', path: folder }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    await ok('tools.grantFolder', { path: folder, agentId: null });
    const base = await ok('knowledge.create', { name: 'Guide', sources: [{ kind: 'folder', path: folder }] });
    await until(async () => (await ok('knowledge.get', { baseId: base.id })).counts.indexed === 2);
    const names = t.events.events.map((e) => e.name);
    expect(names).toContain('knowledge.progress');
    expect(names).toContain('knowledge.changed');

    const files = await ok('knowledge.files', { baseId: base.id });
    expect(files.total).toBe(2);
    const found = await ok('knowledge.search', { query: 'flux capacitor', baseIds: [base.id], k: 3 });
    expect(found.hits[0]).toMatchObject({ fileName: 'guide.pdf', page: 2 });
    const passage = await ok('knowledge.passage', { chunkId: found.hits[0]!.chunkId });
    expect(passage.before).toBe('cover');

    const opened = await ok('knowledge.openFile', { fileId: found.hits[0]!.fileId });
    expect(opened.opened).toBe(false);
    expect(core.redeemDownload(opened.downloadUrl!)).toBe(fs.realpathSync(path.join(folder, 'guide.pdf')));
    expect(core.redeemDownload(opened.downloadUrl!)).toBeNull(); // once

    expect(await ok('knowledge.delete', { baseId: base.id })).toEqual({ deleted: true });
    expect(await ok('knowledge.list', {})).toEqual([]);
  });
});
