import type { Migration } from './migrations';
import { jobRunOutputsMigration, jobsMigration } from '../jobs/jobsMigration';
import { nodesMigration } from '../nodes/nodesMigration';
import { featureMigrations } from './schemaFeatures';
import { knowledgeChunkingMigration, knowledgeMigrations } from './schemaKnowledge';
import { mcpMigrations } from './schemaMcp';
import { toolResultMigration } from './schemaToolResults';

/** Every schema change Outpost ever made, in order. Append only: never edit a shipped migration. */
const baseMigrations: readonly Migration[] = [
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
  {
    version: 5,
    name: 'agent_tools',
    up(db) {
      // Tool layer: audit trail, folder grants (agent_id NULL = every agent), notes, tasks, long-term facts.
      // The FTS5 tables mirror their content tables through triggers so keyword search never drifts.
      db.exec(`CREATE TABLE tool_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        call_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        conversation_id TEXT,
        tool TEXT NOT NULL,
        args_json TEXT NOT NULL,
        decision TEXT NOT NULL
          CHECK (decision IN ('allow', 'ask-approved', 'ask-denied', 'deny', 'invalid', 'unknown')),
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'timeout')),
        result_bytes INTEGER NOT NULL,
        error_code TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL
      );
      CREATE INDEX tool_audit_agent_time ON tool_audit (agent_id, started_at);
      CREATE INDEX tool_audit_time ON tool_audit (started_at);

      CREATE TABLE granted_folders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id TEXT,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX granted_folders_scope_path ON granted_folders (ifnull(agent_id, ''), path);

      CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX notes_agent_time ON notes (agent_id, updated_at);
      CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, content='notes', content_rowid='id');
      CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
      CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      END;
      CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
      END;

      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id TEXT NOT NULL,
        title TEXT NOT NULL,
        due_date TEXT,
        done_at INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX tasks_agent ON tasks (agent_id, done_at, due_date);

      CREATE TABLE facts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id TEXT,
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX facts_agent_time ON facts (agent_id, created_at);
      CREATE VIRTUAL TABLE facts_fts USING fts5(text, content='facts', content_rowid='id');
      CREATE TRIGGER facts_ai AFTER INSERT ON facts BEGIN
        INSERT INTO facts_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER facts_ad AFTER DELETE ON facts BEGIN
        INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER facts_au AFTER UPDATE ON facts BEGIN
        INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO facts_fts (rowid, text) VALUES (new.id, new.text);
      END;`);
    },
  },
  {
    version: 6,
    name: 'agents_and_conversations',
    up(db) {
      // Agents keep their definition as JSON (validated by agentSchema on read); every update files the old one.
      // messages.seq is an explicit INTEGER PRIMARY KEY so the FTS rowids survive VACUUM.
      db.exec(`CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        definition_json TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE agent_versions (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        definition_json TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (agent_id, version)
      );
      CREATE TABLE agent_template_installs (
        template_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        installed_at INTEGER NOT NULL
      );
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        title_edited INTEGER NOT NULL DEFAULT 0 CHECK (title_edited IN (0, 1)),
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX conversations_agent_updated ON conversations (agent_id, updated_at);
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
        content TEXT NOT NULL,
        agent_id TEXT,
        router_label TEXT,
        router_reason TEXT,
        model_id TEXT,
        metrics_json TEXT,
        function_calls_json TEXT,
        status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'incomplete', 'error')),
        error_json TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX messages_conversation ON messages (conversation_id, seq);
      CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.seq, new.content);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.seq, new.content);
      END;`);
    },
  },
];

/** Every migration, in version order: the app's own tables here, feature tables in schemaFeatures.ts. */
// Version 12 holds core/knowledge's tables (schemaKnowledge.ts); version 14 core/nodes' (nodes/nodesMigration.ts);
// 15 core/jobs'; 16 the tool rows' structured results (schemaToolResults.ts); 17 core/jobs' run output ids;
// 18 which tokenizer sized each knowledge file's chunks (schemaKnowledge.ts).
export const migrations: readonly Migration[] = [
  ...baseMigrations,
  ...featureMigrations,
  ...knowledgeMigrations,
  ...mcpMigrations,
  nodesMigration(14),
  jobsMigration(15),
  toolResultMigration(16),
  jobRunOutputsMigration(17),
  knowledgeChunkingMigration(18),
];
