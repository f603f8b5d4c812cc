/** Memory settings kept in memory_config: the chosen embedding model and the ONNX execution provider. */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ExecutionProviderPreference } from '../embeddings/protocol';
import { parseJsonColumn } from '../storage/jsonColumn';

export class MemoryConfig {
  constructor(private readonly db: Database) {}

  /** undefined: never chosen (the first installed model is used); null: the user turned embeddings off. */
  embeddingModelId(): string | null | undefined {
    const raw = this.read('embeddingModel');
    // A damaged value reads as never chosen, so the first installed model is used again.
    return parseJsonColumn(raw, z.string().nullable().optional(), undefined);
  }

  setEmbeddingModelId(id: string | null): void {
    this.write('embeddingModel', JSON.stringify(id));
  }

  provider(): ExecutionProviderPreference {
    const parsed = ExecutionProviderPreference.safeParse(this.read('executionProvider'));
    return parsed.success ? parsed.data : 'auto';
  }

  setProvider(provider: ExecutionProviderPreference): void {
    this.write('executionProvider', provider);
  }

  private read(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM memory_config WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  private write(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO memory_config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }
}
