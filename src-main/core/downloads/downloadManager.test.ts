import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/testPorts';
import { DownloadHarness } from './testing/downloadHarness';
import { FakeModelServer } from './testing/fakeModelServer';
import { catalogFileFor, pseudoRandomBytes, sha256Of, tinyGguf } from './testing/testFiles';

let server: FakeModelServer;
let gguf: Buffer;
let harness: DownloadHarness;

beforeAll(async () => {
  server = await FakeModelServer.start();
  gguf = await tinyGguf(makeTempDir());
});
afterAll(() => server.close());
afterEach(() => harness.close());

/** A port nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Sends requests for huggingface.co to the local server, as if it were Hugging Face. */
function huggingFaceOnLoopback(): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input));
    if (url.hostname === 'huggingface.co') return fetch(server.url(url.pathname), init);
    return fetch(input, init);
  };
}

describe('DownloadManager: verified downloads', () => {
  it('downloads, checks the SHA-256, moves the file into place and finalizes once', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/ok/model.gguf', gguf);
    const started = harness.manager.start({
      modelId: 'tiny',
      variantId: 'q8',
      file: catalogFileFor('model.gguf', [url], gguf),
      destPath: harness.dest('model.gguf'),
      check: 'gguf',
    });
    expect(started.state).toMatch(/queued|downloading/);
    const done = await harness.waitFor(started.id, ['done', 'failed']);

    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', verifiedBy: 'sha256', installedModelId: 'model-model.gguf' });
    expect(done.sha256).toBe(sha256Of(gguf));
    expect(done.receivedBytes).toBe(gguf.length);
    expect(sha256Of(readFileSync(harness.dest('model.gguf')))).toBe(sha256Of(gguf));
    expect(existsSync(harness.partialOf(started.id))).toBe(false);
    expect(harness.finalized).toHaveLength(1);
    expect(harness.finalized[0]?.verifiedPath).toBe(harness.dest('model.gguf'));
    expect(server.requestsFor('/ok/model.gguf')[0]?.acceptEncoding).toBe('identity');
    expect(harness.eventsFor(started.id).map((d) => d.state)).toEqual(
      expect.arrayContaining(['queued', 'downloading', 'verifying', 'done']),
    );
  });

  it('without a SHA-256, verifies by exact size and GGUF header', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/nosha/model.gguf', gguf);
    const file = catalogFileFor('model.gguf', [url], gguf, { sha256: null });
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('m.gguf'),
      check: 'gguf',
    });
    const done = await harness.waitFor(id, ['done', 'failed']);
    expect(done).toMatchObject({ state: 'done', verifiedBy: 'size-and-header', sha256: sha256Of(gguf) });
  });

  it('fails a non-GGUF body when the header is checked, and never finalizes it', async () => {
    harness = new DownloadHarness();
    const junk = Buffer.from('<html>this is a login page, not a model</html>'.repeat(50));
    const url = server.serve('/junk/model.gguf', junk);
    const file = catalogFileFor('model.gguf', [url], junk, { sha256: null });
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('j.gguf'),
      check: 'gguf',
    });
    const failed = await harness.waitFor(id, ['done', 'failed']);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('invalid_model');
    expect(failed.error?.message).toMatch(/not a usable GGUF model .*not a GGUF file/);
    expect(harness.finalized).toHaveLength(0);
    expect(existsSync(harness.partialOf(id))).toBe(false);
    expect(existsSync(harness.dest('j.gguf'))).toBe(false);
  });

  it('deletes a download whose hash does not match and never finalizes it', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/corrupt/model.gguf', gguf, { corruptAt: 12_345 });
    const file = catalogFileFor('model.gguf', [url], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('c.gguf'),
      check: 'gguf',
    });
    const failed = await harness.waitFor(id, ['done', 'failed']);

    const corrupted = Buffer.from(gguf);
    corrupted[12_345] = (corrupted[12_345] ?? 0) ^ 0xff;
    expect(failed).toMatchObject({ state: 'failed', receivedBytes: 0, verifiedBy: null });
    expect(failed.error?.code).toBe('checksum_mismatch');
    expect(failed.error?.message).toContain(sha256Of(gguf));
    expect(failed.error?.message).toContain(sha256Of(corrupted));
    expect(existsSync(harness.partialOf(id))).toBe(false);
    expect(existsSync(harness.dest('c.gguf'))).toBe(false);
    expect(harness.finalized).toHaveLength(0);
  });
});

describe('DownloadManager: HTTP failures are typed', () => {
  it('404 → not_found naming the URL', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/missing/model.gguf', gguf, { status: 404 });
    const file = catalogFileFor('model.gguf', [url], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('n.gguf'),
      check: 'gguf',
    });
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error).toEqual({ code: 'not_found', message: expect.stringContaining(url) });
    expect(server.requestsFor('/missing/model.gguf')).toHaveLength(1); // no retries for a definite answer
  });

  it('401 from Hugging Face → unauthorized explaining the gated-model token', async () => {
    harness = new DownloadHarness({ fetchImpl: huggingFaceOnLoopback() });
    server.serve('/org/gated/resolve/main/model.gguf', gguf, { requireAuth: 'Bearer hf_right' });
    const file = catalogFileFor('model.gguf', ['https://huggingface.co/org/gated/resolve/main/model.gguf'], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('g.gguf'),
      check: 'gguf',
    });
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error?.code).toBe('unauthorized');
    expect(failed.error?.message).toMatch(/needs a Hugging Face access token \(gated model\)/);
  });

  it('sends the token only to its origin, and a rejected token says so', async () => {
    harness = new DownloadHarness({
      fetchImpl: huggingFaceOnLoopback(),
      authHeaderFor: (url) => (new URL(url).hostname === 'huggingface.co' ? 'Bearer hf_wrong' : null),
    });
    server.serve('/org/gated2/resolve/main/model.gguf', gguf, { requireAuth: 'Bearer hf_right' });
    const file = catalogFileFor('model.gguf', ['https://huggingface.co/org/gated2/resolve/main/model.gguf'], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('g.gguf'),
      check: 'gguf',
    });
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error?.message).toMatch(/refused your access token/);
    expect(server.requestsFor('/org/gated2/resolve/main/model.gguf')[0]?.authorization).toBe('Bearer hf_wrong');
  });

  it('retries a 500 and then succeeds', async () => {
    harness = new DownloadHarness();
    const url = server.serve('/flaky/model.gguf', gguf, { statusQueue: [500, 503] });
    const file = catalogFileFor('model.gguf', [url], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('f.gguf'),
      check: 'gguf',
    });
    expect((await harness.waitFor(id, ['done', 'failed'])).state).toBe('done');
    expect(server.requestsFor('/flaky/model.gguf').map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('an unreachable host → unavailable, saying the download will resume', async () => {
    harness = new DownloadHarness();
    const url = `http://127.0.0.1:${await closedPort()}/model.gguf`;
    const file = catalogFileFor('model.gguf', [url], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('u.gguf'),
      check: 'gguf',
    });
    const failed = await harness.waitFor(id, ['failed']);
    expect(failed.error?.code).toBe('unavailable');
    expect(failed.error?.message).toMatch(/^Can't reach 127\.0\.0\.1:\d+ — you are offline or the server is down/);
    expect(failed.error?.message).toMatch(/resume where it stopped/);
  });

  it('falls back to the next mirror when the first cannot be reached', async () => {
    harness = new DownloadHarness();
    const dead = `http://127.0.0.1:${await closedPort()}/model.gguf`;
    const mirror = server.serve('/mirror/model.gguf', gguf);
    const file = catalogFileFor('model.gguf', [dead, mirror], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('mi.gguf'),
      check: 'gguf',
    });
    const done = await harness.waitFor(id, ['done', 'failed']);
    expect(done).toMatchObject({ state: 'done', url: mirror });
  });
});

describe('DownloadManager: redirects', () => {
  it('follows a same-origin chain with the token and drops it on a cross-origin hop', async () => {
    harness = new DownloadHarness({ authHeaderFor: (url) => (url.includes('127.0.0.1') ? 'Bearer t0ken' : null) });
    server.serve('/final/model.gguf', gguf);
    server.serve('/hop2', Buffer.alloc(0), { redirectTo: server.otherOriginUrl('/final/model.gguf') });
    const start = server.serve('/hop1', Buffer.alloc(0), { redirectTo: '/hop2' });
    const file = catalogFileFor('model.gguf', [start], gguf);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('r.gguf'),
      check: 'gguf',
    });
    expect((await harness.waitFor(id, ['done', 'failed'])).state).toBe('done');

    const [hop1, hop2, final] = [
      server.requestsFor('/hop1')[0],
      server.requestsFor('/hop2')[0],
      server.requestsFor('/final/model.gguf')[0],
    ];
    expect(hop1?.authorization).toBe('Bearer t0ken');
    expect(hop2?.authorization).toBe('Bearer t0ken');
    expect(final?.port).not.toBe(hop2?.port);
    expect(final?.authorization).toBeNull();
  });
});

describe('DownloadManager: progress', () => {
  it('emits monotonic progress at most every ~250 ms with speed and ETA', async () => {
    harness = new DownloadHarness();
    const body = pseudoRandomBytes(600_000, 3);
    const url = server.serve('/slow/blob.bin', body, { bytesPerSecond: 600_000 });
    const file = catalogFileFor('blob.bin', [url], body);
    const { id } = harness.manager.start({
      modelId: 'm',
      variantId: 'v',
      file,
      destPath: harness.dest('blob.bin'),
      check: 'none',
    });
    const done = await harness.waitFor(id, ['done', 'failed']);
    expect(done.state).toBe('done');
    expect(done.verifiedBy).toBe('sha256');

    const progress = harness.eventsFor(id).filter((d) => d.state === 'downloading');
    const received = progress.map((d) => d.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const elapsedMs = done.updatedAt - (progress[0]?.updatedAt ?? 0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 250) + 2); // at most 4 per second
    const withSpeed = progress.filter((d) => d.bytesPerSecond !== null && d.bytesPerSecond > 0);
    expect(withSpeed.length).toBeGreaterThan(0);
    for (const d of withSpeed) {
      expect(d.bytesPerSecond).toBeGreaterThan(100_000);
      expect(d.bytesPerSecond).toBeLessThan(5_000_000);
      expect(d.etaSeconds).not.toBeNull();
      expect(d.totalBytes).toBe(body.length);
    }
    expect(done.bytesPerSecond).toBeNull();
  });
});
