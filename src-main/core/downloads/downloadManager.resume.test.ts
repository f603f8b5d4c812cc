import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DownloadHarness } from './testing/downloadHarness';
import { FakeModelServer } from './testing/fakeModelServer';
import { catalogFileFor, pseudoRandomBytes, sha256Of } from './testing/testFiles';

const SIZE = 3 * 1024 * 1024;
let server: FakeModelServer;
let body: Buffer;
let harness: DownloadHarness;
let pathCounter = 0;

beforeAll(async () => {
  server = await FakeModelServer.start();
  body = pseudoRandomBytes(SIZE, 42);
});
afterAll(() => server.close());
afterEach(() => harness.close());

/** Offsets drawn from a seeded generator (replayable), always including the awkward edges. */
function cutPoints(count: number, seed: number): number[] {
  const random = pseudoRandomBytes(count * 8, seed);
  const points = new Set([1, SIZE - 1]);
  for (let i = 0; points.size < count; i++) points.add(2 + (random.readUInt32LE(i * 4) % (SIZE - 3)));
  return [...points].sort((a, b) => a - b);
}

function startBlob(h: DownloadHarness, behaviour: Parameters<FakeModelServer['serve']>[2] = {}) {
  const path = `/resume/${++pathCounter}/blob.bin`;
  const url = server.serve(path, body, behaviour);
  const download = h.manager.start({
    modelId: 'blob',
    variantId: 'v',
    file: catalogFileFor('blob.bin', [url], body),
    destPath: h.dest(`blob-${pathCounter}.bin`),
    check: 'none',
  });
  return { path, download, destPath: h.dest(`blob-${pathCounter}.bin`) };
}

describe('DownloadManager: resuming', () => {
  it('survives 24 connection cuts at random offsets and ends with the exact file', async () => {
    harness = new DownloadHarness();
    const cuts = cutPoints(24, 7);
    const { path, download, destPath } = startBlob(harness, { cutAt: [...cuts] });
    const done = await harness.waitFor(download.id, ['done', 'failed'], 20_000);

    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', verifiedBy: 'sha256', sha256: sha256Of(body) });
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    const requests = server.requestsFor(path);
    expect(requests).toHaveLength(cuts.length + 1);
    expect(requests[0]?.range).toBeNull();
    // Each cut costs one resume, asking for the bytes after what reached the disk (at most the cut
    // point: a torn-down socket may lose its last bytes in flight), guarded by the ETag.
    const offsets = requests.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(r.range ?? '')?.[1]));
    offsets.forEach((offset, i) => {
      expect(offset).toBeLessThanOrEqual(cuts[i] ?? 0);
      expect(offset).toBeGreaterThan(i === 0 ? 0 : (offsets[i - 1] ?? 0));
    });
    expect(requests.slice(1).every((r) => r.status === 206 && r.ifRange === `"v1-${SIZE}"`)).toBe(true);
  });

  it('restarts cleanly from byte 0 when the server ignores Range', async () => {
    harness = new DownloadHarness();
    const { path, download, destPath } = startBlob(harness, { cutAt: [1_500_000], honourRange: false });
    const done = await harness.waitFor(download.id, ['done', 'failed']);
    expect(done.state).toBe('done');
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    const [first, second] = server.requestsFor(path);
    expect([first?.range, first?.status]).toEqual([null, 200]);
    expect([second?.range, second?.status]).toEqual([expect.stringMatching(/^bytes=\d+-$/), 200]);
  });

  it('starts over when the file changed on the server (ETag no longer matches)', async () => {
    harness = new DownloadHarness();
    const { path, download, destPath } = startBlob(harness, { cutAt: [900_000], changingEtag: true });
    expect((await harness.waitFor(download.id, ['done', 'failed'])).state).toBe('done');
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    const [first, second] = server.requestsFor(path);
    expect(second?.ifRange).toBe(`"v2-${SIZE}"`); // the ETag the first response carried
    expect(second?.status).toBe(200);
    expect(first?.status).toBe(200);
  });

  it('gives up a stalled connection and resumes', async () => {
    harness = new DownloadHarness({ stallTimeoutMs: 150 });
    const { path, download } = startBlob(harness, { hangAt: [2_000_000] });
    expect((await harness.waitFor(download.id, ['done', 'failed'])).state).toBe('done');
    const ranges = server.requestsFor(path).map((r) => r.range);
    expect(ranges[0]).toBeNull();
    expect(ranges.slice(1)).toContainEqual(expect.stringMatching(/^bytes=\d+-$/));
    expect(harness.logger.lines.some((l) => /sent nothing for/.test(String(l.fields?.error)))).toBe(true);
  });

  it('pauses and resumes five times, rebuilding the hash from the partial file each time', async () => {
    harness = new DownloadHarness();
    const { download, destPath } = startBlob(harness, { bytesPerSecond: 4 * 1024 * 1024 });
    const id = download.id;
    for (const threshold of [200_000, 700_000, 1_300_000, 1_900_000, 2_500_000]) {
      await harness.waitForBytes(id, threshold);
      const paused = await harness.manager.pause(id);
      expect(paused.state).toBe('paused');
      const onDisk = statSync(harness.partialOf(id)).size;
      expect(paused.receivedBytes).toBe(onDisk);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(statSync(harness.partialOf(id)).size).toBe(onDisk); // nothing writes while paused
      expect(harness.manager.resume(id).state).toMatch(/queued|downloading/);
    }
    const done = await harness.waitFor(id, ['done', 'failed']);
    expect(done).toMatchObject({ state: 'done', sha256: sha256Of(body) });
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
  });

  it('cancel stops the transfer and removes the partial file', async () => {
    harness = new DownloadHarness();
    const { download, destPath } = startBlob(harness, { bytesPerSecond: 2 * 1024 * 1024 });
    await harness.waitForBytes(download.id, 300_000);
    expect(existsSync(harness.partialOf(download.id))).toBe(true);
    const cancelled = await harness.manager.cancel(download.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', receivedBytes: 0 });
    expect(existsSync(harness.partialOf(download.id))).toBe(false);
    expect(existsSync(destPath)).toBe(false);
    expect(harness.finalized).toHaveLength(0);
    expect(() => harness.manager.resume(download.id)).toThrow(/cancelled; start it again/);
  });
});

describe('DownloadManager: after a restart', () => {
  it('restores an interrupted download as paused and completes it from the persisted partial', async () => {
    harness = new DownloadHarness();
    const { path, download, destPath } = startBlob(harness, { bytesPerSecond: 3 * 1024 * 1024 });
    await harness.waitForBytes(download.id, 1_000_000);
    await harness.manager.dispose();
    const kept = statSync(harness.partialOf(download.id)).size;
    expect(kept).toBeGreaterThanOrEqual(1_000_000);

    const next = harness.createManager();
    const [restored] = await next.restore();
    expect(restored).toMatchObject({
      id: download.id,
      state: 'paused',
      receivedBytes: kept,
      error: { code: 'interrupted', message: 'Interrupted when Outpost closed; resume to continue' },
    });
    server.behave(path, { bytesPerSecond: undefined });
    next.resume(download.id);
    const done = await harness.waitFor(download.id, ['done', 'failed']);
    expect(done).toMatchObject({ state: 'done', verifiedBy: 'sha256' });
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    expect(server.requestsFor(path).at(-1)?.range).toBe(`bytes=${kept}-`);
  });

  it('restores a download persisted mid-transfer (a crash) the same way', async () => {
    harness = new DownloadHarness({ retry: { attempts: 0, baseDelayMs: 5, maxDelayMs: 20 } });
    const { path, download, destPath } = startBlob(harness, { cutAt: [1_234_567] });
    const failed = await harness.waitFor(download.id, ['failed']);
    const kept = statSync(harness.partialOf(download.id)).size;
    expect(failed.receivedBytes).toBe(kept);
    expect(kept).toBeGreaterThan(0);
    // Simulate a crash: the row still says "downloading".
    harness.db
      .prepare("UPDATE downloads SET state = 'downloading', received_bytes = 1000 WHERE id = ?")
      .run(download.id);
    const next = harness.createManager({ retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    const [restored] = await next.restore();
    expect(restored).toMatchObject({ state: 'paused', receivedBytes: kept, error: { code: 'interrupted' } });
    next.resume(download.id);
    expect((await harness.waitFor(download.id, ['done', 'failed'])).state).toBe('done');
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    expect(server.requestsFor(path).at(-1)?.range).toBe(`bytes=${kept}-`);
  });

  it('416 with a complete partial → verified without downloading again', async () => {
    harness = new DownloadHarness({ retry: { attempts: 0, baseDelayMs: 5, maxDelayMs: 20 } });
    const { path, download, destPath } = startBlob(harness, { cutAt: [2_000_000] });
    await harness.waitFor(download.id, ['failed']);
    const kept = statSync(harness.partialOf(download.id)).size;
    appendFileSync(harness.partialOf(download.id), body.subarray(kept)); // the rest arrived before a crash
    harness.db.prepare('UPDATE downloads SET total_bytes = NULL WHERE id = ?').run(download.id); // length never seen
    const next = harness.createManager();
    await next.restore();
    next.resume(download.id);
    expect((await harness.waitFor(download.id, ['done', 'failed'])).state).toBe('done');
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    expect(server.requestsFor(path).at(-1)).toMatchObject({ range: `bytes=${SIZE}-`, status: 416 });
  });

  it('416 with a stale partial (longer than the file) → starts over', async () => {
    harness = new DownloadHarness({ retry: { attempts: 0, baseDelayMs: 5, maxDelayMs: 20 } });
    const { path, download, destPath } = startBlob(harness, { cutAt: [1_000_000] });
    await harness.waitFor(download.id, ['failed']);
    const kept = statSync(harness.partialOf(download.id)).size;
    appendFileSync(harness.partialOf(download.id), pseudoRandomBytes(SIZE, 9));
    harness.db.prepare('UPDATE downloads SET total_bytes = NULL WHERE id = ?').run(download.id);
    const next = harness.createManager();
    await next.restore();
    next.resume(download.id);
    expect((await harness.waitFor(download.id, ['done', 'failed'])).state).toBe('done');
    expect(sha256Of(readFileSync(destPath))).toBe(sha256Of(body));
    expect(
      server
        .requestsFor(path)
        .slice(-2)
        .map((r) => [r.range, r.status]),
    ).toEqual([
      [`bytes=${kept + SIZE}-`, 416],
      [null, 200],
    ]);
  });

  it('removes partial files no download owns', async () => {
    harness = new DownloadHarness();
    const orphan = harness.partialOf('0f0e0d0c-0b0a-4908-8706-050403020100');
    const { download } = startBlob(harness, { bytesPerSecond: 1024 * 1024 });
    await harness.waitForBytes(download.id, 100_000);
    await harness.manager.dispose();
    appendFileSync(orphan, 'left over from a database that was reset');
    await harness.createManager().restore();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(harness.partialOf(download.id))).toBe(true);
  });
});
