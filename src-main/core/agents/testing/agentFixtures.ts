/** A migrated database in a temp dir, a stepping clock and a minimal valid agent, for store tests. */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { GenerationMetrics } from '@contract';
import { openDatabase } from '../../storage/openDatabase';
import { migrations } from '../../storage/schema';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import type { Clock } from '../../ports';
import type { AgentDefinitionInput } from '../agentSchema';

export interface TestDb {
  db: Database;
  dbFile: string;
  clock: Clock & { advance(ms: number): void };
}

export function openTestDb(): TestDb {
  const dbFile = path.join(makeTempDir(), 'outpost.db');
  const { db } = openDatabase(dbFile, migrations, createMemoryLogger());
  let time = Date.UTC(2026, 0, 1);
  const clock = {
    now: () => (time += 1),
    advance: (ms: number) => {
      time += ms;
    },
  };
  return { db, dbFile, clock };
}

export function sampleAgent(overrides: Partial<AgentDefinitionInput> = {}): AgentDefinitionInput {
  return {
    id: 'helper',
    name: 'Helper',
    avatar: { symbol: 'H', colour: '#112233' },
    systemPrompt: 'You help.',
    model: { preferred: 'qwen2.5-0.5b-instruct' },
    ...overrides,
  };
}

/** A finished reply's metrics, for stores that keep them. */
export const sampleMetrics: GenerationMetrics = {
  ttftMs: 120,
  promptTokens: 30,
  completionTokens: 12,
  promptTokensPerSecond: 250,
  generationTokensPerSecond: 31.5,
  totalMs: 500,
};
