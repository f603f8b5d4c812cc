import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import type { PartialHandle } from './hashResume';
import { DownloadHarness } from './testing/downloadHarness';
import { FakeModelServer } from './testing/fakeModelServer';
import { catalogFileFor, pseudoRandomBytes, sha256Of } from './testing/testFiles';

let server: FakeModelServer;
let harness: DownloadHarness;
const body = pseudoRandomBytes(1024 * 1024, 5);

beforeAll(async () => {
  server = await FakeModelServer.start();
});
afterAll(() => server.close());
afterEach(() => harness.close());

function request(h: DownloadHarness, url: string, name: string) {
  return {
    modelId: name,
    variantId: 'v',
    file: catalogFileFor(name, [url], body),
    destPath: h.dest(name),
    check: 'none' as const,
  };
}

/** A real file handle whose writes fail with ENOSPC once `budget` bytes are written, like a full disk. */
function fillingDisk(budget: { bytes: number; full: boolean }) {
  return async (filePath: string): Promise<PartialHandle> => {
    const handle = await open(filePath, 'a+');
    return {
      read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
      truncate: (length) => handle.truncate(length),
      sync: () => handle.sync(),
      stat: () => handle.stat(),
      close: () => handle.close(),
      write: async (buffer, offset, length) => {
        if (!budget.full) return handle.write(buffer, offset, length);
        const allowed = Math.min(length, budget.bytes);
        if (allowed === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        budget.bytes -= allowed;
        return handle.write(buffer, offset, allowed); // a short write, as the kernel does before ENOSPC
      },
    };
  };
}

describe('DownloadManager: limits', () => {
  it('runs at most maxConcurrent downloads at once, first come first served', async () => {
    harness = new DownloadHarness({ maxConcurrent: () => 2 });
    const urls = [1, 2, 3].map((n) => server.serve(`/concurrent/${n}.bin`, body, { bytesPerSecond: 4 * 1024 * 1024 }));
    server.maxConcurrentBodies = 0;
    const ids = urls.map((url, n) => harness.manager.start(request(harness, url, `c${n}.bin`)).id);
    const states = new Map<string, string>();
    let mostTransferring = 0;
    const stop = harness.onEvent((event) => {
      states.set(event.id, event.state);
      const transferring = [...states.values()].filter((s) => s === 'downloading' || s === 'verifying').length;
      mostTransferring = Math.max(mostTransferring, transferring);
    });
    const finished = await Promise.all(ids.map((id) => harness.waitFor(id, ['done', 'failed'])));
    stop();

    expect(finished.map((d) => d.state)).toEqual(['done', 'done', 'done']);
    expect(server.maxConcurrentBodies).toBe(2);
    expect(mostTransferring).toBeLessThanOrEqual(2);
    const firstDownloading = ids.map((id) => harness.events.findIndex((e) => e.id === id && e.state === 'downloading'));
    const firstDone = harness.events.findIndex((e) => e.state === 'done');
    expect(firstDownloading[2]).toBeGreaterThan(firstDone); // the third waited for a free slot
  });

  it('refuses to start when the disk cannot hold the file, before any request', async () => {
    harness = new DownloadHarness({ freeBytes: async () => 10 * 1000 * 1000 });
    const url = server.serve('/space/big.bin', body);
    const { id } = harness.manager.start(request(harness, url, 'big.bin'));
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error?.code).toBe('storage_error');
    expect(failed.error?.message).toMatch(
      /^Not enough disk space for big\.bin: needs 68 MB, 10 MB free on .*\.downloads$/,
    );
    expect(server.requestsFor('/space/big.bin')).toHaveLength(0);
  });

  it('goes ahead when free space cannot be measured', async () => {
    harness = new DownloadHarness({ freeBytes: () => Promise.reject(new Error('statfs not supported')) });
    const url = server.serve('/space/unknown.bin', body);
    const { id } = harness.manager.start(request(harness, url, 'unknown.bin'));
    expect((await harness.waitFor(id, ['done', 'failed'])).state).toBe('done');
    expect(harness.logger.lines.some((line) => line.message === 'could not check free disk space')).toBe(true);
  });

  it('a full disk mid-download fails with storage_error, keeps the partial, and resumes once space is free', async () => {
    const budget = { bytes: 300_000, full: true };
    harness = new DownloadHarness({ openPartial: fillingDisk(budget) });
    const url = server.serve('/enospc/model.bin', body);
    const { id } = harness.manager.start(request(harness, url, 'enospc.bin'));
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error?.code).toBe('storage_error');
    expect(failed.error?.message).toMatch(/the disk is full\. Free some space, then resume — the 300 KB already/);
    expect(failed.receivedBytes).toBe(300_000);
    expect(statSync(harness.partialOf(id)).size).toBe(300_000);
    expect(server.requestsFor('/enospc/model.bin')).toHaveLength(1); // no retry can help a full disk

    budget.full = false;
    harness.manager.resume(id);
    const done = await harness.waitFor(id, ['done', 'failed']);
    expect(done.state).toBe('done');
    expect(sha256Of(readFileSync(harness.dest('enospc.bin')))).toBe(sha256Of(body));
    expect(server.requestsFor('/enospc/model.bin').at(-1)?.range).toBe('bytes=300000-');
  });
});

describe('DownloadManager: conflicts and bad calls', () => {
  it('refuses a second download to the same destination, and an existing file', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/conflict/a.bin', body, { bytesPerSecond: 1024 * 1024 });
    const first = harness.manager.start(request(harness, url, 'a.bin'));
    expect(() => harness.manager.start(request(harness, url, 'a.bin'))).toThrow(/already being downloaded/);
    await harness.manager.pause(first.id);
    expect(() => harness.manager.start(request(harness, url, 'a.bin'))).toThrow(/already being downloaded \(paused\)/);

    mkdirSync(harness.modelsDir, { recursive: true });
    writeFileSync(harness.dest('taken.bin'), 'mine');
    let error: unknown;
    try {
      harness.manager.start(request(harness, url, 'taken.bin'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutpostError);
    expect((error as OutpostError).code).toBe('conflict');
  });

  it('keeps a verified file when its destination was taken meanwhile, and installs it on resume', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/late-conflict/b.bin', body, { bytesPerSecond: 4 * 1024 * 1024 });
    const { id } = harness.manager.start(request(harness, url, 'b.bin'));
    await harness.waitForBytes(id, 100_000);
    writeFileSync(harness.dest('b.bin'), 'someone else put a file here');
    const failed = await harness.waitFor(id, ['failed', 'done']);
    expect(failed.error?.code).toBe('conflict');
    expect(statSync(harness.partialOf(id)).size).toBe(body.length);
    expect(() => harness.manager.resume(id)).toThrow(/already exists/);

    const requestsBefore = server.requestsFor('/late-conflict/b.bin').length;
    rmSync(harness.dest('b.bin'));
    harness.manager.resume(id);
    expect((await harness.waitFor(id, ['done', 'failed'])).state).toBe('done');
    expect(server.requestsFor('/late-conflict/b.bin')).toHaveLength(requestsBefore); // nothing downloaded again
    expect(sha256Of(readFileSync(harness.dest('b.bin')))).toBe(sha256Of(body));
  });

  it('answers typed errors for unknown ids and impossible transitions', async () => {
    harness = new DownloadHarness();
    expect(() => harness.manager.get('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    const url = server.serve('/fast/c.bin', body);
    const { id } = harness.manager.start(request(harness, url, 'c.bin'));
    await harness.waitFor(id, ['done']);
    expect(() => harness.manager.resume(id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    await expect(harness.manager.cancel(id)).rejects.toMatchObject({ code: 'conflict' });
    expect((await harness.manager.pause(id)).state).toBe('done');
    expect(() =>
      harness.manager.start({
        ...request(harness, url, 'd.bin'),
        file: { ...request(harness, url, 'd.bin').file, urls: [] },
      }),
    ).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(existsSync(harness.dest('d.bin'))).toBe(false);
  });

  it('lets an event listener resume a download from its final event, and still controls the new transfer', async () => {
    harness = new DownloadHarness();
    const path = '/retry-from-listener/e.bin';
    const url = server.serve(path, body, { statusQueue: [404], bytesPerSecond: 1024 * 1024 });
    const stop = harness.onEvent((event) => {
      if (event.state === 'failed') harness.manager.resume(event.id); // e.g. a UI that retries at once
    });
    const { id } = harness.manager.start(request(harness, url, 'e.bin'));
    await harness.waitForBytes(id, 100_000);
    stop();
    expect((await harness.manager.pause(id)).state).toBe('paused'); // the re-launched job is still tracked
    harness.manager.resume(id);
    expect((await harness.waitFor(id, ['done'])).installedModelId).toBe('model-e.bin');
    expect(server.requestsFor(path).map((r) => r.status)).toEqual([404, 200, 206]);
  });
});

describe('DownloadManager: a server that sends the wrong amount', () => {
  it('refuses a file whose length differs from the exact catalog size before writing it', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/longer/f.bin', Buffer.concat([body, Buffer.from('extra')]));
    const { id } = harness.manager.start(request(harness, url, 'f.bin'));
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error?.code).toBe('invalid_model');
    expect(failed.error?.message).toMatch(/as 1048581 bytes, but the catalog says 1048576/);
    expect(failed.receivedBytes).toBe(0);
  });

  it('stops a body without length that runs far past the catalog size, and deletes it', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/endless/g.bin', body, { omitLength: true });
    const file = catalogFileFor('g.bin', [url], body, { sizeBytes: 300_000, sizeVerified: false, sha256: null });
    const { id } = harness.manager.start({
      modelId: 'g',
      variantId: 'v',
      file,
      destPath: harness.dest('g.bin'),
      check: 'none',
    });
    const failed = await harness.waitFor(id, ['failed', 'done']);
    expect(failed.error?.message).toMatch(/sent more than 600000 bytes/);
    expect(existsSync(harness.partialOf(id))).toBe(false);
    expect(harness.finalized).toHaveLength(0);
  });

  it('with no hash, an inexact size and no header check, finishes but says it verified nothing', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/unverified/h.bin', body, { omitLength: true });
    const file = catalogFileFor('h.bin', [url], body, { sizeBytes: 1_000_000, sizeVerified: false, sha256: null });
    const { id } = harness.manager.start({
      modelId: 'h',
      variantId: 'v',
      file,
      destPath: harness.dest('h.bin'),
      check: 'none',
    });
    const done = await harness.waitFor(id, ['failed', 'done']);
    expect(done).toMatchObject({ state: 'done', verifiedBy: null, totalBytes: body.length, sha256: sha256Of(body) });
  });
});
