/** The nodes domain's tables: nodes, their discovered models, pools, and per-agent remote usage (budgets). */
import type { Migration } from '../storage/migrations';

export function nodesMigration(version: number): Migration {
  return {
    version,
    name: 'inference_nodes',
    up(db) {
      db.exec(`CREATE TABLE inference_nodes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        base_url TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('lan', 'internet')),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        allow_in_offline INTEGER NOT NULL CHECK (allow_in_offline IN (0, 1)),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE inference_node_models (
        node_id TEXT NOT NULL REFERENCES inference_nodes(id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        context_size INTEGER,
        caps_json TEXT NOT NULL,
        probed_at INTEGER,
        PRIMARY KEY (node_id, model_id)
      );
      CREATE TABLE inference_pools (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        members_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE remote_usage (
        agent_id TEXT NOT NULL,
        day TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (agent_id, day)
      )`);
    },
  };
}
