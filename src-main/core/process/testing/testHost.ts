/**
 * Test helpers: a WorkerHost around the real test worker. The worker is bundled to plain JS once per test
 * file (esbuild, well under a second) so each of the many restarts costs a Node start, not a tsx one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Logger } from '../../ports';
import { forkSpawner } from '../forkSpawner';
import { WorkerHost, type WorkerHostOptions } from '../workerHost';
import { TEST_PROTOCOL, type TestMessage, type TestResults } from './testProtocol';

const TEST_WORKER_SOURCE = fileURLToPath(new URL('./testWorker.ts', import.meta.url));

export type TestHost = WorkerHost<TestMessage, typeof TestResults, { index: number }>;
type TestHostOptions = WorkerHostOptions<TestMessage, typeof TestResults, { index: number }>;

/** Builds the test worker; returns the path of the bundle. */
export async function bundleTestWorker(): Promise<string> {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-test-worker-')), 'testWorker.mjs');
  await build({ entryPoints: [TEST_WORKER_SOURCE], bundle: true, platform: 'node', format: 'esm', outfile });
  return outfile;
}

export function createTestHost(modulePath: string, logger: Logger, overrides: Partial<TestHostOptions> = {}): TestHost {
  return new WorkerHost({
    protocol: TEST_PROTOCOL,
    spawner: forkSpawner,
    entry: { modulePath, execArgv: [] },
    processName: 'test-worker',
    logger,
    restartPolicy: { initialDelayMs: 50, maxDelayMs: 200, maxCrashesPerWindow: 100, windowMs: 60_000 },
    shutdownGraceMs: 2_000,
    initialize: async (worker) => {
      await worker.call({ type: 'init', refuse: false }, 'worker startup');
    },
    ...overrides,
  });
}
