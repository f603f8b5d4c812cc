import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../testing/testPorts';
import type { UpdaterPort } from '../ports';
import { UpdateService } from './updateService';

const clock = { now: () => 1_000 };

function service(options: { updater?: UpdaterPort; shell?: 'electron' | 'headless'; offline?: boolean } = {}) {
  let offline = options.offline ?? false;
  const updates = new UpdateService({
    updater: options.updater,
    shell: options.shell ?? 'electron',
    currentVersion: '0.2.0',
    isOffline: () => offline,
    clock,
    logger: createMemoryLogger(),
  });
  return { updates, setOffline: (value: boolean) => (offline = value) };
}

/** An updater that records its calls and answers what the test says. */
function updater(answer: () => Promise<string | null>, packaged = true) {
  const calls: number[] = [];
  const port: UpdaterPort = {
    packaged,
    check: () => {
      calls.push(calls.length);
      return answer();
    },
  };
  return { port, calls };
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
});
