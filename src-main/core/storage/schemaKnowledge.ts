/** Migration 12: knowledge bases (core/knowledge owns these tables). */
import type { Migration } from './migrations';

export const knowledgeMigrations: readonly Migration[] = [
  {
    version: 12,
    name: 'knowledge_bases',
    up(db) {
      // Files keep their content hash so a rescan re-parses only what changed; chunks keep their location
      // (page / heading path / line and char range) for citations. Vectors are tagged by embedding model.
      // A conversation-scoped base (a file dropped in chat) goes when its conversation goes.
      db.exec(`CREATE TABLE knowledge_bases (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE,
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE knowledge_sources (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        base_id TEXT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('folder', 'file')),
        path TEXT NOT NULL,
        include_json TEXT NOT NULL DEFAULT '[]',
        exclude_json TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        UNIQUE (base_id, path)
      );
      CREATE TABLE knowledge_files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        base_id TEXT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES knowledge_sources(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT,
        format TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'indexed', 'skipped', 'failed')),
        reason TEXT,
        detail TEXT,
        chunks INTEGER NOT NULL DEFAULT 0,
        pages INTEGER,
        indexed_at INTEGER,
        UNIQUE (base_id, path)
      );
      CREATE INDEX knowledge_files_pending ON knowledge_files (base_id, status);
      CREATE TABLE knowledge_chunks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        base_id TEXT NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
        file_id INTEGER NOT NULL REFERENCES knowledge_files(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        text TEXT NOT NULL,
        heading TEXT NOT NULL DEFAULT '',
        page INTEGER,
        line_start INTEGER,
        line_end INTEGER,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        tokens INTEGER NOT NULL
      );
      CREATE INDEX knowledge_chunks_file ON knowledge_chunks (file_id, ord);
      CREATE INDEX knowledge_chunks_base ON knowledge_chunks (base_id);
      CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5(text, heading, content='knowledge_chunks', content_rowid='id');
      CREATE TRIGGER knowledge_chunks_ai AFTER INSERT ON knowledge_chunks BEGIN
        INSERT INTO knowledge_chunks_fts (rowid, text, heading) VALUES (new.id, new.text, new.heading);
      END;
      CREATE TRIGGER knowledge_chunks_ad AFTER DELETE ON knowledge_chunks BEGIN
        INSERT INTO knowledge_chunks_fts (knowledge_chunks_fts, rowid, text, heading)
          VALUES ('delete', old.id, old.text, old.heading);
      END;
      CREATE TABLE knowledge_vectors (
        chunk_id INTEGER PRIMARY KEY REFERENCES knowledge_chunks(id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        dims INTEGER NOT NULL,
        vector BLOB NOT NULL,
        embedded_at INTEGER NOT NULL
      );
      CREATE INDEX knowledge_vectors_model ON knowledge_vectors (model_key);
      CREATE TABLE knowledge_citations (
        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        chunk_id INTEGER REFERENCES knowledge_chunks(id) ON DELETE SET NULL,
        base_id TEXT NOT NULL,
        file_path TEXT NOT NULL,
        page INTEGER,
        heading TEXT NOT NULL DEFAULT '',
        excerpt TEXT NOT NULL,
        PRIMARY KEY (message_id, n)
      )`);
    },
  },
];

/** Which tokenizer sized a file's chunks (`knowledge/chunkingKey.ts`): another model's tokenizer re-chunks the file. */
export const knowledgeChunkingMigration = (version: number): Migration => ({
  version,
  name: 'knowledge_files_chunked_with',
  up(db) {
    db.exec('ALTER TABLE knowledge_files ADD COLUMN chunked_with TEXT');
  },
});
