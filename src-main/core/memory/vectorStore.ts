/**
 * A vectors table: one float32 BLOB per owner row (a fact, a knowledge chunk), tagged with the embedding model
 * that produced it. The table names are constants from this module, never user input.
 */
import type { Database } from 'better-sqlite3';
import { storageTarget, writeTransaction } from '../storage/transactions';
import { decodeVector, encodeVector } from './vectorCodec';
import type { IndexedVector } from './vectorIndex';

/** Where the vectors live and what they belong to. */
export interface VectorTable {
  vectors: string;
  /** The vectors table's key column, referencing owners.id. */
  key: string;
  owners: string;
  /** The owners' column used as the vector index scope (agent, knowledge base). */
  scope: string;
}

export const FACT_VECTORS: VectorTable = {
  vectors: 'fact_vectors',
  key: 'fact_id',
  owners: 'facts',
  scope: 'agent_id',
};

export interface CorruptVector {
  factId: number;
  reason: string;
}

export interface LoadedVectors {
  entries: IndexedVector[];
  corrupt: CorruptVector[];
}

export class VectorStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly t: VectorTable = FACT_VECTORS,
  ) {}

  put(modelKey: string, rows: readonly { factId: number; vector: Float32Array }[]): void {
    const insert = this.db.prepare(
      `INSERT INTO ${this.t.vectors} (${this.t.key}, model_key, dims, vector, embedded_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (${this.t.key}) DO UPDATE SET model_key = excluded.model_key, dims = excluded.dims,
         vector = excluded.vector, embedded_at = excluded.embedded_at`,
    );
    // A fact deleted while its embedding was computed must not get a vector (the FK would reject it anyway).
    const exists = this.db.prepare(`SELECT 1 FROM ${this.t.owners} WHERE id = ?`).pluck();
    writeTransaction(storageTarget(this.db), 'save the vectors', () => {
      const at = this.now();
      for (const row of rows) {
        if (exists.get(row.factId)) insert.run(row.factId, modelKey, row.vector.length, encodeVector(row.vector), at);
      }
    });
  }

  /**
   * Up to `limit` vectors of `modelKey` with fact ids above `afterId`, decoded, in id order; rows that fail the
   * checks are reported, not returned. Paged so a large memory loads without blocking the process.
   */
  loadPage(modelKey: string, dims: number, afterId: number, limit: number): LoadedVectors & { lastId: number | null } {
    const rows = this.db
      .prepare(
        `SELECT v.${this.t.key} AS factId, v.dims AS dims, v.vector AS vector, f.${this.t.scope} AS agentId
         FROM ${this.t.vectors} v JOIN ${this.t.owners} f ON f.id = v.${this.t.key}
         WHERE v.${this.t.key} > ? AND v.model_key = ? ORDER BY v.${this.t.key} LIMIT ?`,
      )
      .all(afterId, modelKey, limit) as { factId: number; dims: number; vector: unknown; agentId: string | null }[];
    const loaded: LoadedVectors = { entries: [], corrupt: [] };
    for (const row of rows) {
      const decoded =
        row.dims === dims
          ? decodeVector(row.vector, dims)
          : { ok: false as const, reason: `${row.dims} dims, model has ${dims}` };
      if (decoded.ok) loaded.entries.push({ id: row.factId, agentId: row.agentId, vector: decoded.vector });
      else loaded.corrupt.push({ factId: row.factId, reason: decoded.reason });
    }
    return { ...loaded, lastId: rows.at(-1)?.factId ?? null };
  }

  /** Float vectors for rescoring; corrupt ones are simply absent. */
  fetch(modelKey: string, dims: number, ids: readonly number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (ids.length === 0) return out;
    // Raw rows (arrays, not objects): this runs on every recall for hundreds of ids. `+model_key` keeps
    // SQLite on the rowid (one B-tree descent per id) instead of the model_key index plus the table (two).
    const rows = this.db
      .prepare(
        `SELECT ${this.t.key}, vector FROM ${this.t.vectors}
         WHERE +model_key = ? AND ${this.t.key} IN (SELECT value FROM json_each(?))`,
      )
      .raw(true)
      .all(modelKey, JSON.stringify(ids)) as [number, unknown][];
    for (const [factId, vector] of rows) {
      const decoded = decodeVector(vector, dims);
      if (decoded.ok) out.set(factId, decoded.vector);
    }
    return out;
  }

  /** Facts with no vector from `modelKey` (never embedded, or stale from another model) after `afterId`, by id. */
  missing(modelKey: string, limit: number, afterId = 0): { id: number; text: string }[] {
    return this.db
      .prepare(
        `SELECT f.id AS id, f.text AS text FROM ${this.t.owners} f
         LEFT JOIN ${this.t.vectors} v ON v.${this.t.key} = f.id AND v.model_key = ?
         WHERE f.id > ? AND v.${this.t.key} IS NULL ORDER BY f.id LIMIT ?`,
      )
      .all(modelKey, afterId, limit) as { id: number; text: string }[];
  }

  countMissing(modelKey: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM ${this.t.owners} f
           LEFT JOIN ${this.t.vectors} v ON v.${this.t.key} = f.id AND v.model_key = ? WHERE v.${this.t.key} IS NULL`,
        )
        .get(modelKey) as { n: number }
    ).n;
  }

  has(modelKey: string, factId: number): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM ${this.t.vectors} WHERE ${this.t.key} = ? AND model_key = ?`)
        .get(factId, modelKey) !== undefined
    );
  }

  /** Drops vectors found corrupt so the re-embed pass regenerates them. */
  drop(factIds: readonly number[]): void {
    if (factIds.length === 0) return;
    this.db
      .prepare(`DELETE FROM ${this.t.vectors} WHERE ${this.t.key} IN (SELECT value FROM json_each(?))`)
      .run(JSON.stringify(factIds));
  }

  counts(modelKey: string | null): { facts: number; current: number } {
    const facts = (this.db.prepare(`SELECT count(*) AS n FROM ${this.t.owners}`).get() as { n: number }).n;
    if (modelKey === null) return { facts, current: 0 };
    const current = (
      this.db.prepare(`SELECT count(*) AS n FROM ${this.t.vectors} WHERE model_key = ?`).get(modelKey) as { n: number }
    ).n;
    return { facts, current };
  }
}
