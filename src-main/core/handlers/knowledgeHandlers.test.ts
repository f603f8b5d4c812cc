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

  it('indexes a file dropped into a chat into the conversation’s own base, and forgets it with the conversation', async () => {
    const conversation = await ok('conversations.create', { agentId: 'general-assistant' });
    const data = Buffer.from('# Packing list\n\nBring the periscope and two lanterns.').toString('base64');
    const base = await ok('knowledge.attach', {
      conversationId: conversation.id,
      fileName: '../../list.md',
      dataBase64: data,
    });
    expect(base).toMatchObject({ conversationId: conversation.id, sources: [{ kind: 'folder' }] });
    expect(base.sources[0]!.path.startsWith(t.ports.paths.dataDir)).toBe(true);
    await until(async () => (await ok('knowledge.get', { baseId: base.id })).counts.indexed === 1);
    const found = await ok('knowledge.search', { query: 'periscope', baseIds: [base.id], k: 1 });
    expect(found.hits[0]).toMatchObject({ fileName: 'list.md' }); // the name lost its path

    // A second drop lands in the same base.
    const again = await ok('knowledge.attach', {
      conversationId: conversation.id,
      fileName: 'more.txt',
      dataBase64: Buffer.from('The compass points north.').toString('base64'),
    });
    expect(again.id).toBe(base.id);
    await until(async () => (await ok('knowledge.get', { baseId: base.id })).counts.indexed === 2);

    const unknown = await call('knowledge.attach', { conversationId: 'nope', fileName: 'a.md', dataBase64: data });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const binary = await call('knowledge.attach', {
      conversationId: conversation.id,
      fileName: 'a.exe',
      dataBase64: data,
    });
    expect(binary).toMatchObject({ ok: false, error: { code: 'bad_request', details: { reason: 'unsupported' } } });

    // The conversation goes with its base; at the next start its dropped files go too.
    await ok('conversations.delete', { conversationId: conversation.id });
    expect(await ok('knowledge.list', {})).toEqual([]);
    await core.dispose();
    core = await createCore(t.ports);
    await until(async () => (await ok('knowledge.list', {})).length === 0 && !fs.existsSync(base.sources[0]!.path));
  });
});
