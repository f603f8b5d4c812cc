/**
 * The real core for a test, booted one way: a temp data folder (optionally with tiny test models), the test ports,
 * `call` over dispatch as a transport calls it, and a restart on the same data folder.
 */
import path from 'node:path';
import type { LoadOptions } from '@contract';
import { writeTestModel } from '../../../scripts/test-model/make-test-model';
import { createCore, type Core } from '../createCore';
import { testLoadOptions } from '../inference/testing/engineHarness';
import { modelsDirFor } from '../models/modelRegistry';
import type { CorePorts } from '../ports';
import { createTestPorts, makeTempDir } from './testPorts';

export interface CoreHarnessOptions {
  /** An existing data folder (e.g. one a test prepared), else a fresh temp one. */
  dataDir?: string;
  /** Tiny test models written before the first start (`<id>.gguf`, seed), with test load options. */
  models?: { id: string; seed: number; load?: Partial<LoadOptions> }[];
  /** Port overrides on top of the test ports (a catalog file, a fetch, a clock…). */
  ports?: Partial<CorePorts>;
}

type TestPorts = ReturnType<typeof createTestPorts>;

export interface CoreHarness {
  readonly dataDir: string;
  /** The core running now; a restart replaces it. */
  readonly core: Core;
  /** The recording events and logger of the current start. */
  readonly events: TestPorts['events'];
  readonly logger: TestPorts['logger'];
  /** A route's value; a refusal throws with its code, so a test reads like the transport's call. */
  call<T>(route: string, input: unknown): Promise<T>;
  /** A route that must fail: its typed error. */
  fail(route: string, input: unknown): Promise<{ code: string; message: string }>;
  /** Stops the core and starts a new one on the same data folder, like an app restart. */
  restart(): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
}

const ctx = () => ({ signal: new AbortController().signal });

export async function startCoreHarness(options: CoreHarnessOptions = {}): Promise<CoreHarness> {
  const dataDir = options.dataDir ?? makeTempDir('outpost-core-');
  for (const model of options.models ?? [])
    await writeTestModel(path.join(modelsDirFor(dataDir), `${model.id}.gguf`), { shape: 'tiny', seed: model.seed });
  const boot = async () => {
    const t = createTestPorts(dataDir);
    return { t, core: await createCore({ ...t.ports, ...options.ports }) };
  };
  let current: Awaited<ReturnType<typeof boot>> | null = await boot();
  const running = () => {
    if (!current) throw new Error('the test core is stopped');
    return current;
  };
  const harness: CoreHarness = {
    dataDir,
    get core() {
      return running().core;
    },
    get events() {
      return running().t.events;
    },
    get logger() {
      return running().t.logger;
    },
    async call<T>(route: string, input: unknown): Promise<T> {
      const reply = await running().core.dispatch({ route, input } as never, ctx());
      if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.value as T;
    },
    async fail(route, input) {
      const reply = await running().core.dispatch({ route, input } as never, ctx());
      if (reply.ok) throw new Error(`${route} should have failed`);
      return reply.error;
    },
    async restart() {
      await harness.stop();
      current = await boot();
    },
    async stop() {
      const stopping = current;
      current = null;
      await stopping?.core.dispose();
    },
  };
  for (const model of options.models ?? [])
    await harness.call('models.setLoadOptions', { id: model.id, options: testLoadOptions(model.load) });
  return harness;
}
