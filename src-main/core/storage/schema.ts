import type { Migration } from './migrations';

/** Every schema change Outpost ever made, in order. Append only: never edit a shipped migration. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    up(db) {
      db.exec(`CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      )`);
    },
  },
  {
    version: 2,
    name: 'models',
    up(db) {
      // metadata_json is null while a file is unreadable; file_mtime_ms spots a file replaced in place.
      db.exec(`CREATE TABLE models (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        file_name TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        file_mtime_ms INTEGER,
        source TEXT NOT NULL CHECK (source IN ('copied', 'linked', 'scanned', 'downloaded')),
        added_at INTEGER NOT NULL,
        metadata_json TEXT,
        load_options_json TEXT NOT NULL,
        problem TEXT
      )`);
    },
  },
  {
    version: 3,
    name: 'inference_requests',
    up(db) {
      // One row per generation: the raw material of agent health, the dashboard and the bench.
      db.exec(`CREATE TABLE inference_requests (
        request_id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        finish_reason TEXT NOT NULL,
        error_code TEXT,
        ttft_ms REAL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        prompt_tps REAL,
        generation_tps REAL,
        total_ms REAL NOT NULL,
        function_calls INTEGER NOT NULL
      );
      CREATE INDEX inference_requests_model_time ON inference_requests (model_id, started_at);
      CREATE INDEX inference_requests_origin_time ON inference_requests (origin, started_at);`);
    },
  },
  {
    version: 4,
    name: 'downloads',
    up(db) {
      // One row per model download; etag/last_modified validate a resume, url_index is the mirror in use.
      // The partial index lets one destination have at most one download that may still write to it.
      db.exec(`CREATE TABLE downloads (
        id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL,
        variant_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        urls_json TEXT NOT NULL,
        expected_size_bytes INTEGER NOT NULL,
        size_verified INTEGER NOT NULL CHECK (size_verified IN (0, 1)),
        expected_sha256 TEXT,
        dest_path TEXT NOT NULL,
        check_kind TEXT NOT NULL CHECK (check_kind IN ('gguf', 'none')),
        state TEXT NOT NULL
          CHECK (state IN ('queued', 'downloading', 'paused', 'verifying', 'done', 'failed', 'cancelled')),
        url_index INTEGER NOT NULL,
        received_bytes INTEGER NOT NULL,
        total_bytes INTEGER,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT,
        verified_by TEXT CHECK (verified_by IN ('sha256', 'size-and-header')),
        error_code TEXT,
        error_message TEXT,
        installed_model_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX downloads_open_dest ON downloads (dest_path)
        WHERE state NOT IN ('done', 'cancelled');
      CREATE INDEX downloads_created ON downloads (created_at);`);
    },
  },
];
