/** The worker host against a real child process (testing/testWorker.ts): crashes, dead children, backoff, idle. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutpostError } from '../../../src-preload/contract/envelope';
import { waitFor } from '../inference/testing/engineHarness';
import { createMemoryLogger } from '../testing/testPorts';
import { killDuringBurst } from './testing/burst';
import { bundleTestWorker, createTestHost, type TestHost } from './testing/testHost';
import type { Logger } from '../ports';
import type { WorkerHostStatus } from './workerHost';

let workerPath = '';
beforeAll(async () => {
  workerPath = await bundleTestWorker();
});

const hosts: TestHost[] = [];
function host(logger: Logger, overrides: Parameters<typeof createTestHost>[2] = {}): TestHost {
  const created = createTestHost(workerPath, logger, overrides);
  hosts.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('WorkerHost with a real worker process', () => {
  it('starts lazily, correlates calls, streams events and progress, and validates results', async () => {
    const logger = createMemoryLogger();
    const h = host(logger);
    expect(h.status()).toMatchObject({ state: 'stopped', pid: null });
    const [a, b] = await Promise.all([
      h.call({ type: 'echo', value: 'a' }, { describe: 'echo a' }),
      h.call({ type: 'echo', value: 'b' }, { describe: 'echo b' }),
    ]);
    expect([a.value, b.value]).toEqual(['a', 'b']);
    expect(h.status()).toMatchObject({ state: 'ready', pid: expect.any(Number) });

    const events: number[] = [];
    const progress: number[] = [];
    const streamed = await h.call(
      { type: 'stream', count: 5 },
      { describe: 'stream', onEvent: (e) => events.push(e.index), onProgress: (p) => progress.push(p) },
    );
    expect(streamed.sent).toBe(5);
    expect(events).toEqual([0, 1, 2, 3, 4]);
    expect(progress.at(-1)).toBe(1);

    await expect(h.call({ type: 'badValue' }, { describe: 'bad value' })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('answered badValue with an invalid value'),
    });
  });

  it('refuses an invalid outgoing call before it reaches the worker, and survives malformed frames', async () => {
    const logger = createMemoryLogger();
    const h = host(logger);
    // @ts-expect-error: the compiler refuses it too; a caller with unchecked input must get bad_request.
    const invalid = h.call({ type: 'echo', value: 7 }, { describe: 'bad echo' });
    await expect(invalid).rejects.toMatchObject({ code: 'bad_request' });

    const garbage = await h.call({ type: 'garbage' }, { describe: 'garbage' });
    expect(garbage.done).toBe(true);
    expect(logger.lines.filter((l) => l.message.includes('malformed message')).length).toBe(2);
    expect(logger.lines.some((l) => l.message.includes('invalid event'))).toBe(true);
    expect((await h.call({ type: 'echo', value: 'still here' }, { describe: 'echo' })).value).toBe('still here');
  });

  it('turns a crash into worker_crashed naming the call, and restarts with backoff', async () => {
    const logger = createMemoryLogger();
    const h = host(logger);
    const states: WorkerHostStatus['state'][] = [];
    h.onStatus((s) => states.push(s.state));
    const gone: unknown[] = [];
    h.onGone((crash) => gone.push(crash));
    await h.start();
    const firstPid = h.status().pid!;
    const waiting = h.call({ type: 'wait', ms: 60_000 }, { describe: 'a long wait' });
    const exiting = h.call({ type: 'exit', code: 3 }, { describe: 'the exit call' });
    await expect(waiting).rejects.toMatchObject({
      code: 'worker_crashed',
      message: 'Test worker exited unexpectedly (code 3) during a long wait',
      details: { code: 3, signal: null, worker: 'Test worker', running: 'a long wait' },
    });
    await expect(exiting).rejects.toMatchObject({ code: 'worker_crashed' });
    expect(gone).toEqual([{ code: 3, signal: null }]);
    expect(logger.lines.find((l) => l.level === 'error')?.fields).toMatchObject({ inFlight: 2 });
    // Restarted by itself after the backoff, without a call.
    await waitFor(() => h.status().state === 'ready', 30_000, 'restart');
    expect(states).toContain('restarting');
    expect(h.status()).toMatchObject({ restarts: 1, lastError: expect.stringContaining('code 3') });
    expect(h.status().pid).not.toBe(firstPid);
  });

  it('gives up after a burst of crashes and starts again on the next call', async () => {
    const h = host(createMemoryLogger(), {
      restartPolicy: { initialDelayMs: 10, maxDelayMs: 10, maxCrashesPerWindow: 1, windowMs: 60_000 },
    });
    await h.call({ type: 'exit', code: 1 }, { describe: 'crash 1' }).catch(() => undefined);
    await waitFor(() => h.status().state === 'ready', 30_000, 'restart');
    await h.call({ type: 'exit', code: 1 }, { describe: 'crash 2' }).catch(() => undefined);
    expect(h.status().state).toBe('crashed');
    expect(h.status().lastError).toContain('not restarting');
    expect((await h.call({ type: 'echo', value: 'back' }, { describe: 'echo' })).value).toBe('back');
  });

  it('ends a call to a worker that closed its channel with a typed error, and kills that worker', async () => {
    const h = host(createMemoryLogger());
    await h.call({ type: 'disconnect' }, { describe: 'disconnect' });
    const pid = h.status().pid!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(h.call({ type: 'echo', value: 'x' }, { describe: 'echo after disconnect' })).rejects.toMatchObject({
      code: 'worker_crashed',
      message: expect.stringContaining('echo after disconnect'),
    });
    await waitFor(() => !isAlive(pid), 10_000, 'the unreachable worker to be killed');
  });

  it('stops an idle worker and starts a new one on demand', async () => {
    const h = host(createMemoryLogger(), { idleMs: 100 });
    await h.call({ type: 'echo', value: 'a' }, { describe: 'echo' });
    const pid = h.status().pid!;
    await waitFor(() => h.status().state === 'stopped', 30_000, 'idle stop');
    await waitFor(() => !isAlive(pid), 10_000, 'idle worker exit');
    expect(h.status().pid).toBeNull();
    expect((await h.call({ type: 'echo', value: 'b' }, { describe: 'echo' })).value).toBe('b');
    expect(h.status().pid).not.toBe(pid);
  });

  it('keeps a busy worker past its idle time', async () => {
    const h = host(createMemoryLogger(), { idleMs: 50 });
    await h.start();
    expect((await h.call({ type: 'wait', ms: 400 }, { describe: 'wait' })).waited).toBe(400);
    expect(h.status().state).toBe('ready');
  });

  it('marks a worker whose handshake fails as crashed, without a restart loop', async () => {
    let spawned = 0;
    const h = host(createMemoryLogger(), {
      initialize: async (worker) => {
        spawned++;
        await worker.call({ type: 'init', refuse: true }, 'worker startup');
      },
    });
    await expect(h.call({ type: 'echo', value: 'x' }, { describe: 'echo' })).rejects.toMatchObject({
      code: 'internal',
      message: 'refused to start',
    });
    expect(h.status()).toMatchObject({ state: 'crashed', pid: null, lastError: 'refused to start' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(spawned).toBe(1);
  });

  it('kills a worker that ignores shutdown, and refuses calls once disposed', async () => {
    process.env.OUTPOST_TEST_WORKER_LINGER = '1';
    const h = host(createMemoryLogger(), { shutdownGraceMs: 100 });
    try {
      await h.start();
    } finally {
      delete process.env.OUTPOST_TEST_WORKER_LINGER;
    }
    const pid = h.status().pid!;
    const waiting = h.call({ type: 'wait', ms: 60_000 }, { describe: 'a long wait' }).catch((e: unknown) => e);
    await h.dispose();
    expect(await waiting).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/disposed/) });
    expect(isAlive(pid)).toBe(false);
    await expect(h.call({ type: 'echo', value: 'x' }, { describe: 'echo' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('rejects an aborted call at once and drops its late answer', async () => {
    const h = host(createMemoryLogger());
    const controller = new AbortController();
    const waiting = h.call({ type: 'wait', ms: 300 }, { describe: 'a wait', signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted', message: 'a wait was cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await h.call({ type: 'echo', value: 'next' }, { describe: 'echo' })).value).toBe('next');
    await expect(
      h.call({ type: 'echo', value: 'x' }, { describe: 'pre-aborted', signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(OutpostError);
  });

  it('survives 20 SIGKILLs during bursts of 200 calls: every in-flight call ends with a typed error', async () => {
    const h = host(createMemoryLogger());
    for (let round = 0; round < 20; round++) {
      await h.start();
      const pid = h.status().pid!;
      const outcome = await killDuringBurst(
        pid,
        (i) => h.call({ type: 'wait', ms: i < 150 ? 60_000 : 0 }, { describe: `call ${i}` }),
        { before: 150, after: 50 },
      );
      expect(outcome.untyped).toEqual([]);
      expect(outcome.typed.worker_crashed ?? 0).toBeGreaterThanOrEqual(150);
      expect((outcome.typed.worker_crashed ?? 0) + outcome.fulfilled).toBe(200);
    }
  }, 300_000);
});
