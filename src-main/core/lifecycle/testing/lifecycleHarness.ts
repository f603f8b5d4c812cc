/** The lifecycle over a real registry of tiny test models, on whichever engine a test brings (real worker or fake). */
import path from 'node:path';
import { DEFAULT_SETTINGS, type LoadOptions, type Settings } from '@contract';
import { writeTestModel } from '../../../../scripts/test-model/make-test-model';
import type { InferenceEngine } from '../../inference/engine';
import { ModelRegistry } from '../../models/modelRegistry';
import { openDatabase } from '../../storage/openDatabase';
import { migrations } from '../../storage/schema';
import { createMemoryLogger, makeTempDir, RecordingEvents } from '../../testing/testPorts';
import { ModelLifecycle } from '../modelLifecycle';
import { RequestMetricsStore } from '../requestMetricsStore';

export interface TestModels {
  dataDir: string;
  db: ReturnType<typeof openDatabase>['db'];
  registry: ModelRegistry;
  close(): void;
}

/** `tiny-<seed>.gguf` for each seed in a fresh data folder, scanned; `loadOptions` set on each when given. */
export async function createTestModels(seeds: number[], loadOptions?: LoadOptions): Promise<TestModels> {
  const dataDir = makeTempDir();
  const { db } = openDatabase(path.join(dataDir, 'outpost.db'), migrations, createMemoryLogger());
  const registry = new ModelRegistry(db, 'outpost.db', path.join(dataDir, 'models'), createMemoryLogger(), Date.now);
  for (const seed of seeds)
    await writeTestModel(path.join(dataDir, 'models', `tiny-${seed}.gguf`), { shape: 'tiny', seed });
  await registry.scan();
  if (loadOptions) for (const model of registry.list()) registry.setLoadOptions(model.id, loadOptions);
  return { dataDir, db, registry, close: () => db.close() };
}

/** A lifecycle on `engine` with the given settings and machine RAM; its clock moves only when the test says. */
export function createTestLifecycle(
  engine: InferenceEngine,
  models: TestModels,
  settingsOverrides: Partial<Settings>,
  totalRamBytes: number,
) {
  let now = 1_000_000;
  const events = new RecordingEvents();
  const settings = { ...DEFAULT_SETTINGS, ...settingsOverrides };
  const lifecycle = new ModelLifecycle({
    engine,
    models: models.registry,
    settings: () => settings,
    totalRamBytes: () => totalRamBytes,
    metrics: new RequestMetricsStore(models.db, createMemoryLogger()),
    events,
    logger: createMemoryLogger(),
    clock: { now: () => now },
  });
  return {
    lifecycle,
    events,
    settings,
    /** Moves the lifecycle's clock on. */
    tick: (minutes = 1) => (now += minutes * 60_000),
  };
}
