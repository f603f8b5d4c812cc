/** Real ports for tests: a temp data dir, a recording event sink, a logger that keeps its lines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventName, EventPayload, Settings } from '@contract';
import { WORKER_SOURCE, TSX_EXEC_ARGV } from '../inference/testing/engineHarness';
import { EMBEDDINGS_WORKER_SOURCE } from '../embeddings/testing/embeddingsHarness';
import { forkSpawner } from '../process/forkSpawner';
import type { CorePorts, EventSink, Logger } from '../ports';

export interface RecordedEvent {
  name: EventName;
  payload: unknown;
}

export class RecordingEvents implements EventSink {
  readonly events: RecordedEvent[] = [];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.events.push({ name, payload });
  }
}

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export function createMemoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function makeTempDir(prefix = 'outpost-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Settings defaults under test: no periodic node health checks (tests about them set an interval themselves). */
export const TEST_SETTING_DEFAULTS = { nodeHealthCheckSeconds: 0 } as const satisfies Partial<Settings>;

export function createTestPorts(dataDir = makeTempDir()) {
  const events = new RecordingEvents();
  const logger = createMemoryLogger();
  const ports: CorePorts = {
    paths: { dataDir, resourcesDir: path.resolve('resources') },
    logger,
    events,
    spawner: forkSpawner,
    // The worker runs from its TypeScript source in tests, like the engine harness does.
    workers: {
      inference: { modulePath: WORKER_SOURCE, execArgv: TSX_EXEC_ARGV },
      embeddings: { modulePath: EMBEDDINGS_WORKER_SOURCE, execArgv: TSX_EXEC_ARGV },
      knowledgeParser: {
        modulePath: fileURLToPath(new URL('../knowledge/parse/parseWorker.ts', import.meta.url)),
        register: 'tsx/esm/api',
      },
    },
    host: { shell: 'headless', appVersion: '0.0.0-test', electronVersion: null, chromeVersion: null },
    settingDefaults: TEST_SETTING_DEFAULTS,
  };
  return { ports, events, logger, dataDir };
}
