import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../storage/openDatabase';
import { migrations } from '../../storage/schema';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import type { ToolContext } from '../toolTypes';

export function openTestDatabase(): Database {
  return openDatabase(path.join(makeTempDir('outpost-tools-'), 'tools.db'), migrations, createMemoryLogger()).db;
}

export function toolContext(overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    agentId: 'agent-a',
    conversationId: 'conv-1',
    callId: 'call-1',
    signal: new AbortController().signal,
    now: () => Date.parse('2026-11-03T13:05:09.000Z'),
    ...overrides,
  };
}
