/** Nodes and pools in SQLite; rows are parsed at the read boundary. API keys live in the CredentialStore. */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { NodeCapabilities, NodeKind, OutpostError, type NodeModel, type PoolInfo } from '@contract';
import { parseJsonColumn } from '../storage/jsonColumn';
import { writeTransaction } from '../storage/transactions';
import { slugify } from './nodeRefs';

export interface StoredNode {
  id: string;
  name: string;
  baseUrl: string;
  kind: NodeKind;
  enabled: boolean;
  allowInOffline: boolean;
  createdAt: number;
}

export type NodeFields = Omit<StoredNode, 'id' | 'createdAt'>;

const NodeRow = z
  .object({
    id: z.string(),
    name: z.string(),
    base_url: z.string(),
    kind: NodeKind,
    enabled: z.number(),
    allow_in_offline: z.number(),
    created_at: z.number(),
  })
  .transform((r): StoredNode => ({
    id: r.id,
    name: r.name,
    baseUrl: r.base_url,
    kind: r.kind,
    enabled: r.enabled === 1,
    allowInOffline: r.allow_in_offline === 1,
    createdAt: r.created_at,
  }));

const ModelRow = z.object({
  model_id: z.string(),
  context_size: z.number().int().positive().nullable(),
  caps_json: z.string(),
  probed_at: z.number().nullable(),
});

const PoolRow = z.object({ id: z.string(), name: z.string(), members_json: z.string(), created_at: z.number() });
const Members = z.array(z.string());
const UNKNOWN_CAPS = { streaming: null, tools: null, jsonSchema: null };

export class NodeStore {
  constructor(
    private readonly db: Database,
    private readonly dbFile: string,
    private readonly now: () => number,
  ) {}

  list(): StoredNode[] {
    const rows = this.db.prepare('SELECT * FROM inference_nodes ORDER BY created_at, id').all();
    return rows.flatMap((row) => {
      const parsed = NodeRow.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
  }

  find(id: string): StoredNode | null {
    return this.list().find((n) => n.id === id) ?? null;
  }

  get(id: string): StoredNode {
    const node = this.find(id);
    if (!node) throw new OutpostError('not_found', `No inference node with id "${id}"`, { nodeId: id });
    return node;
  }

  add(fields: NodeFields): StoredNode {
    this.assertNameFree(fields.name, null);
    const id = this.freeId(slugify(fields.name), (candidate) => this.find(candidate) !== null);
    this.write('add the node', () =>
      this.db
        .prepare(
          `INSERT INTO inference_nodes (id, name, base_url, kind, enabled, allow_in_offline, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, fields.name, fields.baseUrl, fields.kind, +fields.enabled, +fields.allowInOffline, this.now()),
    );
    return this.get(id);
  }

  update(id: string, fields: NodeFields): StoredNode {
    const before = this.get(id);
    this.assertNameFree(fields.name, id);
    this.write('save the node', () => {
      this.db
        .prepare(
          `UPDATE inference_nodes SET name = ?, base_url = ?, kind = ?, enabled = ?, allow_in_offline = ? WHERE id = ?`,
        )
        .run(fields.name, fields.baseUrl, fields.kind, +fields.enabled, +fields.allowInOffline, id);
      // Another server behind the URL may list other models: what was discovered no longer holds.
      if (before.baseUrl !== fields.baseUrl)
        this.db.prepare('DELETE FROM inference_node_models WHERE node_id = ?').run(id);
    });
    return this.get(id);
  }

  remove(id: string): boolean {
    return this.write(
      'remove the node',
      () => this.db.prepare('DELETE FROM inference_nodes WHERE id = ?').run(id).changes > 0,
    );
  }

  models(nodeId: string): NodeModel[] {
    const rows = this.db
      .prepare(
        'SELECT model_id, context_size, caps_json, probed_at FROM inference_node_models WHERE node_id = ? ORDER BY model_id',
      )
      .all(nodeId);
    return rows.flatMap((row) => {
      const parsed = ModelRow.safeParse(row);
      if (!parsed.success) return [];
      const r = parsed.data;
      return [
        {
          id: r.model_id,
          contextSize: r.context_size,
          capabilities: parseJsonColumn(r.caps_json, NodeCapabilities, UNKNOWN_CAPS),
          probedAt: r.probed_at,
        },
      ];
    });
  }

  /** Replaces the node's model list with what discovery found. */
  setModels(nodeId: string, models: readonly NodeModel[]): void {
    this.write('save the node models', () => {
      this.db.prepare('DELETE FROM inference_node_models WHERE node_id = ?').run(nodeId);
      const insert = this.db.prepare(
        'INSERT INTO inference_node_models (node_id, model_id, context_size, caps_json, probed_at) VALUES (?, ?, ?, ?, ?)',
      );
      for (const m of models) insert.run(nodeId, m.id, m.contextSize, JSON.stringify(m.capabilities), m.probedAt);
    });
  }

  pools(): PoolInfo[] {
    const rows = this.db.prepare('SELECT * FROM inference_pools ORDER BY created_at, id').all();
    return rows.flatMap((row) => {
      const parsed = PoolRow.safeParse(row);
      if (!parsed.success) return [];
      const r = parsed.data;
      return [
        { id: r.id, name: r.name, members: parseJsonColumn(r.members_json, Members, []), createdAt: r.created_at },
      ];
    });
  }

  pool(id: string): PoolInfo {
    const pool = this.pools().find((p) => p.id === id);
    if (!pool) throw new OutpostError('not_found', `No model pool with id "${id}"`, { poolId: id });
    return pool;
  }

  savePool(input: { id?: string; name: string; members: string[] }): PoolInfo {
    const clash = this.pools().find((p) => p.name === input.name && p.id !== input.id);
    if (clash) throw new OutpostError('conflict', `A pool named "${input.name}" already exists`, { poolId: clash.id });
    if (input.id) {
      this.pool(input.id);
      this.write('save the pool', () =>
        this.db
          .prepare('UPDATE inference_pools SET name = ?, members_json = ? WHERE id = ?')
          .run(input.name, JSON.stringify(input.members), input.id),
      );
      return this.pool(input.id);
    }
    const taken = new Set(this.pools().map((p) => p.id));
    const id = this.freeId(slugify(input.name), (candidate) => taken.has(candidate));
    this.write('save the pool', () =>
      this.db
        .prepare('INSERT INTO inference_pools (id, name, members_json, created_at) VALUES (?, ?, ?, ?)')
        .run(id, input.name, JSON.stringify(input.members), this.now()),
    );
    return this.pool(id);
  }

  removePool(id: string): boolean {
    return this.write(
      'remove the pool',
      () => this.db.prepare('DELETE FROM inference_pools WHERE id = ?').run(id).changes > 0,
    );
  }

  private assertNameFree(name: string, except: string | null): void {
    const clash = this.list().find((n) => n.name === name && n.id !== except);
    if (clash) throw new OutpostError('conflict', `A node named "${name}" already exists`, { nodeId: clash.id });
  }

  private freeId(base: string, taken: (id: string) => boolean): string {
    let id = base;
    for (let n = 2; taken(id); n++) id = `${base}-${n}`;
    return id;
  }

  private write<T>(action: string, work: () => T): T {
    return writeTransaction({ db: this.db, dbFile: this.dbFile }, action, work);
  }
}
