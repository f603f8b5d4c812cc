/**
 * Downloads through the real host: cuts at random offsets plus a kill -9 mid-file end in a verified
 * resume; a disk that fills up mid-download (and under database writes) gives clear errors and no damage.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveModel } from './lib/catalogServer';
import { connect, isTypedFailure, makeDataDir, startHost, type HostClient, type Reply } from './lib/faultHost';
import { integrityCheck } from './lib/sqlite';
import { fillDisk, mountSmallDisk } from './lib/tmpfs';

interface DownloadView {
  id: string;
  state: string;
  receivedBytes: number;
  error: { code: string; message: string } | null;
}

async function waitForDownload(client: HostClient, test: (d: DownloadView) => boolean, ms = 120_000) {
  const deadline = Date.now() + ms;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const list = (await client.request('downloads.list', {})) as Reply & { value: DownloadView[] };
    last = list.ok ? list.value : list;
    const found = list.ok ? list.value.find(test) : undefined;
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`download never reached the expected state; last seen: ${JSON.stringify(last).slice(0, 600)}`);
}

/** Seeded offsets, so a failing run can be replayed. */
function offsets(count: number, size: number, seed: number): number[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) % (size - 2)) + 1;
  return [...new Set(Array.from({ length: count }, next))].sort((a, b) => a - b);
}

describe('downloads under faults', () => {
  it('resumes after random cuts and a kill -9, and installs exactly the published bytes', async () => {
    const size = 600_000;
    const cuts = offsets(5, size, 77);
    const served = await serveModel(makeDataDir(), size, { cutAt: [...cuts], bytesPerSecond: 150_000 });
    const dataDir = makeDataDir();
    let host = await startHost(dataDir, ['--catalog', served.catalogFile]);
    let client = await connect(host);
    expect(
      await client.request('downloads.start', { modelId: served.modelId, variantId: served.variantId }),
    ).toMatchObject({ ok: true });
    await waitForDownload(client, (d) => d.receivedBytes > size / 3);
    await host.kill9();

    host = await startHost(dataDir, ['--catalog', served.catalogFile]);
    client = await connect(host);
    const stopped = await waitForDownload(client, (d) => d.state !== 'downloading' && d.state !== 'queued');
    expect(stopped.receivedBytes).toBeGreaterThan(0);
    if (stopped.state !== 'done') await client.request('downloads.resume', { id: stopped.id });
    const done = await waitForDownload(client, (d) => d.state === 'done' || d.state === 'failed');
    expect(done.error).toBeNull();
    const installed = path.join(dataDir, 'models', served.fileName);
    expect(createHash('sha256').update(fs.readFileSync(installed)).digest('hex')).toBe(served.sha256);
    // After the kill the host asked only for the missing tail, not the whole file again.
    const ranges = served.server.requestsFor(served.urlPath).map((r) => r.range);
    expect(ranges.filter((range) => range !== null && !range.startsWith('bytes=0-')).length).toBeGreaterThanOrEqual(
      cuts.length,
    );
    client.close();
    await host.stop();
    await served.server.close();
    expect(integrityCheck(path.join(dataDir, 'outpost.db'))).toBe('ok');
  });
});

const disk = mountSmallDisk(96);
const MOUNT = disk.dir;
afterAll(() => disk.unmount());

describe.skipIf(disk.problem !== null)('a full disk (96 MiB tmpfs)', () => {
  it('stops a download with a clear error, keeps its bytes, and resumes once space is free', async () => {
    // Downloads start only with 64 MB to spare, so the disk has room at first and fills up mid-file.
    const size = 16_000_000;
    const served = await serveModel(makeDataDir(), size, { bytesPerSecond: 2_000_000 });
    const dataDir = path.join(MOUNT, 'download');
    fs.mkdirSync(dataDir);
    const host = await startHost(dataDir, ['--catalog', served.catalogFile]);
    const client = await connect(host);
    await client.request('downloads.start', { modelId: served.modelId, variantId: served.variantId });
    await waitForDownload(client, (d) => d.receivedBytes > 1_000_000);
    const filler = path.join(MOUNT, 'filler.bin');
    fillDisk(filler);
    const failed = await waitForDownload(client, (d) => d.state === 'failed');
    expect(failed.error?.code).toBe('storage_error');
    expect(failed.error?.message).toMatch(/disk is full/);

    // Database writes on the full disk fail with a typed error and leave the database intact.
    const writes: Reply[] = [];
    for (let i = 0; i < 40; i++)
      writes.push(await client.request('settings.set', { fontSize: i % 2 ? 'large' : 'small' }));
    expect(writes.filter((reply) => !reply.ok).every(isTypedFailure)).toBe(true);
    expect(await client.request('app.info', {})).toMatchObject({ ok: true });

    fs.rmSync(filler);
    await client.request('downloads.resume', { id: failed.id });
    const done = await waitForDownload(client, (d) => d.state === 'done' || d.state === 'failed');
    expect(done.error).toBeNull();
    const installed = path.join(dataDir, 'models', served.fileName);
    expect(createHash('sha256').update(fs.readFileSync(installed)).digest('hex')).toBe(served.sha256);
    client.close();
    await host.stop();
    await served.server.close();
    expect(integrityCheck(path.join(dataDir, 'outpost.db'))).toBe('ok');
  });

  it('refuses database writes on a full disk with storage_error and keeps the database intact', async () => {
    const dataDir = path.join(MOUNT, 'db');
    fs.mkdirSync(dataDir);
    const host = await startHost(dataDir);
    const client = await connect(host);
    const filler = path.join(MOUNT, 'filler-db.bin');
    fillDisk(filler);
    const failures: Reply[] = [];
    for (let i = 0; i < 200 && failures.length < 5; i++) {
      const reply = await client.request('conversations.create', { agentId: 'nobody', title: 'x'.repeat(200) });
      const settings = await client.request('settings.set', { theme: i % 2 ? 'dark' : 'light' });
      for (const r of [reply, settings]) if (!r.ok && r.error.code === 'storage_error') failures.push(r);
    }
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every(isTypedFailure)).toBe(true);
    expect((failures[0] as { error: { message: string } }).error.message).toMatch(/full|space/i);
    fs.rmSync(filler);
    expect(await client.request('settings.set', { theme: 'dark' })).toMatchObject({ ok: true });
    client.close();
    await host.stop();
    expect(integrityCheck(path.join(dataDir, 'outpost.db'))).toBe('ok');
  });
});
