import { describe, expect, it } from 'vitest';
import { OutpostError } from '@contract';
import { createMemoryLogger, RecordingEvents } from '../testing/testPorts';
import type { UpdateDownloadProgress, UpdaterPort } from '../ports';
import { UpdateService } from './updateService';

const clock = { now: () => 1_000 };

function service(options: { updater?: UpdaterPort; shell?: 'electron' | 'headless'; offline?: boolean } = {}) {
  let offline = options.offline ?? false;
  const events = new RecordingEvents();
  const updates = new UpdateService({
    updater: options.updater,
    shell: options.shell ?? 'electron',
    currentVersion: '0.2.0',
    isOffline: () => offline,
    clock,
    logger: createMemoryLogger(),
    events,
  });
  return { updates, events, setOffline: (value: boolean) => (offline = value) };
}

/** An updater that records its calls and answers what the test says; downloads run `download`. */
function updater(
  answer: () => Promise<string | null>,
  packaged = true,
  download: UpdaterPort['download'] = async () => undefined,
) {
  const calls: number[] = [];
  const restarts: number[] = [];
  const port: UpdaterPort = {
    packaged,
    check: () => {
      calls.push(calls.length);
      return answer();
    },
    download,
    restartToUpdate: () => restarts.push(restarts.length),
  };
  return { port, calls, restarts };
}

describe('UpdateService', () => {
  it('answers headless with a typed unavailable status, never calling anything', async () => {
    const { updates } = service({ shell: 'headless' });
    const expected = { state: 'unavailable', reason: 'headless', currentVersion: '0.2.0' };
    expect(updates.status()).toMatchObject(expected);
    expect(await updates.check()).toMatchObject(expected);
  });

  it('refuses a checkout and offline mode without asking the updater', async () => {
    const checkout = updater(async () => '0.3.0', false);
    expect(await service({ updater: checkout.port }).updates.check()).toMatchObject({ reason: 'not-packaged' });
    const installed = updater(async () => '0.3.0');
    const { updates, setOffline } = service({ updater: installed.port, offline: true });
    expect(await updates.check()).toMatchObject({ state: 'unavailable', reason: 'offline-mode' });
    expect(checkout.calls).toEqual([]);
    expect(installed.calls).toEqual([]);
    setOffline(false);
    expect(updates.status()).toEqual({ state: 'idle', currentVersion: '0.2.0' });
  });

  it('reports a newer version, or up to date, and keeps the answer as the status', async () => {
    let next: string | null = '0.3.0';
    const { port } = updater(async () => next);
    const { updates } = service({ updater: port });
    const available = { state: 'available', version: '0.3.0', checkedAt: 1_000, currentVersion: '0.2.0' };
    expect(await updates.check()).toEqual(available);
    expect(updates.status()).toEqual(available);
    next = null;
    expect(await updates.check()).toEqual({ state: 'up-to-date', checkedAt: 1_000, currentVersion: '0.2.0' });
  });

  it('shares one check between concurrent callers and shows checking meanwhile', async () => {
    let release: (version: string | null) => void = () => undefined;
    const { port, calls } = updater(() => new Promise((resolve) => (release = resolve)));
    const { updates } = service({ updater: port });
    const first = updates.check();
    const second = updates.check();
    expect(updates.status().state).toBe('checking');
    release(null);
    expect(await first).toEqual(await second);
    expect(calls).toEqual([0]);
  });

  it('turns a failing feed into a failed status', async () => {
    const { port } = updater(async () => {
      throw new Error('net::ERR_NAME_NOT_RESOLVED');
    });
    const { updates } = service({ updater: port });
    expect(await updates.check()).toMatchObject({ state: 'failed', message: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(updates.status().state).toBe('failed');
  });

  it('downloads what the check found with progress events, then restarts to install it', async () => {
    const progress: UpdateDownloadProgress[] = [
      { percent: 40, transferredBytes: 40, totalBytes: 100 },
      { percent: 100, transferredBytes: 100, totalBytes: 100 },
    ];
    const { port, restarts } = updater(
      async () => '0.3.0',
      true,
      async (onProgress) => progress.forEach(onProgress),
    );
    const { updates, events } = service({ updater: port });
    await updates.check();
    expect(await updates.download()).toEqual({ state: 'downloaded', version: '0.3.0', currentVersion: '0.2.0' });
    const states = events.events
      .filter((e) => e.name === 'updates.changed')
      .map((e) => e.payload as { state: string; percent?: number });
    expect(states.map((s) => (s.state === 'downloading' ? `downloading ${s.percent}` : s.state))).toEqual([
      'available',
      'downloading 0',
      'downloading 40',
      'downloading 100',
      'downloaded',
    ]);
    // A later check does not forget the download; offline mode does not hide it (nothing more is fetched).
    expect(await updates.check()).toMatchObject({ state: 'downloaded' });
    expect(updates.restart()).toMatchObject({ state: 'downloaded', version: '0.3.0' });
    expect(restarts).toEqual([0]);
  });

  it('refuses download and restart out of order with bad_request, and a broken download is a failed status', async () => {
    const { port, restarts } = updater(
      async () => '0.3.0',
      true,
      async () => {
        throw new Error('sha512 checksum mismatch');
      },
    );
    const { updates } = service({ updater: port });
    await expect(updates.download()).rejects.toMatchObject({ code: 'bad_request' });
    expect(() => updates.restart()).toThrow(OutpostError);
    await updates.check();
    expect(await updates.download()).toMatchObject({ state: 'failed', message: 'sha512 checksum mismatch' });
    expect(() => updates.restart()).toThrow(/download it first/);
    expect(restarts).toEqual([]);
  });

  it('never downloads in offline mode or headless', async () => {
    let downloads = 0;
    const { port } = updater(
      async () => '0.3.0',
      true,
      async () => {
        downloads += 1;
      },
    );
    const { updates, setOffline } = service({ updater: port });
    await updates.check();
    setOffline(true);
    expect(await updates.download()).toMatchObject({ state: 'unavailable', reason: 'offline-mode' });
    expect(await service({ shell: 'headless' }).updates.download()).toMatchObject({ reason: 'headless' });
    expect(downloads).toBe(0);
  });

  it('cancels a download in progress: the port sees the abort, the version is available again, a new download completes', async () => {
    let attempts = 0;
    let seenSignal: AbortSignal | null = null;
    const { port } = updater(
      async () => '0.3.0',
      true,
      (onProgress, signal) => {
        attempts += 1;
        if (attempts > 1) return Promise.resolve();
        seenSignal = signal;
        onProgress({ percent: 40, transferredBytes: 40, totalBytes: 100 });
        // Like electron-updater's CancellationToken: the download rejects once cancelled.
        return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled'))));
      },
    );
    const { updates, events } = service({ updater: port });
    const available = await updates.check();
    const running = updates.download();
    expect(updates.status()).toMatchObject({ state: 'downloading', percent: 40 });
    expect(await updates.cancel()).toEqual(available);
    expect(await running).toEqual(available);
    expect(seenSignal!.aborted).toBe(true);
    expect(updates.status()).toEqual(available);
    const states = events.events
      .filter((e) => e.name === 'updates.changed')
      .map((e) => e.payload as { state: string; percent?: number });
    expect(states.map((s) => (s.state === 'downloading' ? `downloading ${s.percent}` : s.state))).toEqual([
      'available',
      'downloading 0',
      'downloading 40',
      'available',
    ]);
    expect(await updates.download()).toMatchObject({ state: 'downloaded', version: '0.3.0' });
    expect(attempts).toBe(2);
  });

  it('answers a cancel at once even when the port ignores the signal; its late progress and end change nothing', async () => {
    let report: (p: UpdateDownloadProgress) => void = () => undefined;
    let finish: () => void = () => undefined;
    const { port } = updater(
      async () => '0.3.0',
      true,
      (onProgress) => {
        report = onProgress;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    );
    const { updates, events } = service({ updater: port });
    await updates.check();
    void updates.download();
    expect(await updates.cancel()).toMatchObject({ state: 'available', version: '0.3.0' });
    const emitted = events.events.length;
    report({ percent: 90, transferredBytes: 90, totalBytes: 100 });
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.events).toHaveLength(emitted);
    expect(updates.status()).toMatchObject({ state: 'available', version: '0.3.0' });
  });

  it('answers a cancel with nothing downloading with the status, emitting nothing; dispose cancels a download', async () => {
    let aborted = false;
    const { port } = updater(
      async () => '0.3.0',
      true,
      (_onProgress, signal) =>
        new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('cancelled'));
          }),
        ),
    );
    const { updates, events } = service({ updater: port });
    expect(await updates.cancel()).toEqual({ state: 'idle', currentVersion: '0.2.0' });
    expect(events.events).toEqual([]);
    await updates.check();
    const running = updates.download();
    await updates.dispose();
    expect(aborted).toBe(true);
    expect(await running).toMatchObject({ state: 'available' });
  });
});
