/** A memory service on a temp database with the tiny generated ONNX model installed like a catalog download. */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MemoryStatus } from '../../../../src-preload/contract/memory';
import type { EmbeddingsClient } from '../../embeddings/embeddingsClient';
import { makeTestEmbeddingModel } from '../../embeddings/testing/embeddingsHarness';
import { createMemoryLogger, makeTempDir } from '../../testing/testPorts';
import { openTestDatabase } from '../../tools/testing/toolTestKit';
import { FactStore } from '../factStore';
import { MemoryService } from '../memoryService';

export const TEST_MODEL_FOLDER = 'test-minilm';

export function installTestEmbeddingModel(embeddingsDir: string, folder = TEST_MODEL_FOLDER, seed = 1) {
  return makeTestEmbeddingModel(path.join(embeddingsDir, folder), { seed });
}

export function createTestMemory(
  embeddings: EmbeddingsClient | null,
  options: { db?: Database; embeddingsDir?: string; now?: () => number } = {},
) {
  const embeddingsDir = options.embeddingsDir ?? makeTempDir('outpost-memory-');
  const db = options.db ?? openTestDatabase();
  const now = options.now ?? Date.now;
  const facts = new FactStore(db, now);
  const statuses: MemoryStatus[] = [];
  const logger = createMemoryLogger();
  const memory = new MemoryService({
    db,
    facts,
    embeddings,
    embeddingsDir,
    logger,
    clock: { now },
    onStatus: (status) => statuses.push(status),
  });
  return { db, facts, memory, statuses, logger, embeddingsDir };
}
