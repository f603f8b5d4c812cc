/** Migrations 7+: agent tool data, resource history, memory vectors, the API and MCP, term frequencies. */
import type { Migration } from './migrations';

export const featureMigrations: readonly Migration[] = [
  {
    version: 7,
    name: 'shop_tables',
    up(db) {
      // Local data for the customer-service and kiosk templates' tools (lookup_order, lookup_product, create_ticket),
      // seeded with a few demo rows so the templates work on first run; the user may replace them.
      db.exec(`CREATE TABLE shop_products (
        sku TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        currency TEXT NOT NULL,
        stock INTEGER NOT NULL CHECK (stock >= 0),
        aisle TEXT NOT NULL
      );
      CREATE TABLE shop_orders (
        order_number TEXT PRIMARY KEY,
        customer_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('processing', 'shipped', 'delivered', 'cancelled', 'returned')),
        placed_on TEXT NOT NULL,
        expected_delivery TEXT,
        carrier TEXT,
        tracking_code TEXT,
        items_json TEXT NOT NULL,
        total_cents INTEGER NOT NULL,
        currency TEXT NOT NULL
      );
      CREATE TABLE support_tickets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_number TEXT,
        summary TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        agent_id TEXT NOT NULL,
        conversation_id TEXT,
        created_at INTEGER NOT NULL
      );
      INSERT INTO sqlite_sequence (name, seq) VALUES ('support_tickets', 5000);
      INSERT INTO shop_products VALUES
        ('BAT-AA-8', 'AA batteries, 8 pack', 'Alkaline AA batteries', 699, 'EUR', 42, 'Aisle 3'),
        ('KET-BLU-1', 'Blue electric kettle', '1.7 l kettle, blue, auto shut-off', 3499, 'EUR', 6, 'Aisle 7'),
        ('BRD-GF-500', 'Gluten-free bread', 'Gluten-free sourdough loaf, 500 g', 449, 'EUR', 0, 'Aisle 1'),
        ('LMP-DSK-2', 'Desk lamp', 'LED desk lamp with dimmer, black', 2299, 'EUR', 11, 'Aisle 7');
      INSERT INTO shop_orders VALUES
        ('10042', 'Alex Martin', 'shipped', '2026-01-05', '2026-01-09', 'DHL', 'JD014600003',
         '[{"sku":"KET-BLU-1","name":"Blue electric kettle","quantity":1}]', 3499, 'EUR'),
        ('10043', 'Sam Lee', 'processing', '2026-01-07', '2026-01-12', NULL, NULL,
         '[{"sku":"BAT-AA-8","name":"AA batteries, 8 pack","quantity":2}]', 1398, 'EUR'),
        ('10044', 'Kim Novak', 'delivered', '2025-12-20', '2025-12-23', 'UPS', '1Z999AA10123456784',
         '[{"sku":"LMP-DSK-2","name":"Desk lamp","quantity":1}]', 2299, 'EUR');`);
    },
  },
  {
    version: 8,
    name: 'resource_history',
    up(db) {
      // Dashboard history: one row per minute (means of that minute's samples), pruned to 24 h by the monitor.
      // NULL means "not reported" (e.g. VRAM on the CPU backend), never zero.
      db.exec(`CREATE TABLE resource_history (
        minute_start INTEGER PRIMARY KEY,
        ram_used_percent REAL NOT NULL,
        app_rss_bytes REAL NOT NULL,
        cpu_percent REAL,
        vram_used_percent REAL,
        tokens_per_second REAL
      )`);
    },
  },
  {
    version: 9,
    name: 'long_term_memory',
    up(db) {
      // Facts gain provenance, pin, use time and expiry; vectors live beside them as float32 BLOBs keyed by the
      // embedding model that made them (another model's vectors are stale). Editing a fact's text drops its vector.
      // facts_au now fires on text changes only: recall stamps used_at on every hit and must not re-index FTS.
      db.exec(`ALTER TABLE facts ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
      ALTER TABLE facts ADD COLUMN updated_at INTEGER;
      ALTER TABLE facts ADD COLUMN used_at INTEGER;
      ALTER TABLE facts ADD COLUMN expires_at INTEGER;
      ALTER TABLE facts ADD COLUMN conversation_id TEXT;
      ALTER TABLE facts ADD COLUMN message_id TEXT;
      ALTER TABLE facts ADD COLUMN text_key TEXT;
      UPDATE facts SET updated_at = created_at,
        conversation_id = CASE WHEN instr(source, '/conversation:') > 0
          THEN substr(source, instr(source, '/conversation:') + 14) END;
      CREATE INDEX facts_conversation ON facts (conversation_id);
      CREATE INDEX facts_scope_text_key ON facts (ifnull(agent_id, ''), text_key);
      CREATE TABLE fact_vectors (
        fact_id INTEGER PRIMARY KEY REFERENCES facts(id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        dims INTEGER NOT NULL,
        vector BLOB NOT NULL,
        embedded_at INTEGER NOT NULL
      );
      CREATE INDEX fact_vectors_model ON fact_vectors (model_key);
      CREATE TRIGGER facts_text_changed AFTER UPDATE OF text ON facts BEGIN
        DELETE FROM fact_vectors WHERE fact_id = old.id;
      END;
      DROP TRIGGER facts_au;
      CREATE TRIGGER facts_au AFTER UPDATE OF text ON facts BEGIN
        INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO facts_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER facts_vectors_deleted AFTER DELETE ON facts BEGIN
        DELETE FROM fact_vectors WHERE fact_id = old.id;
      END;
      CREATE TABLE memory_config (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );`);
    },
  },
  {
    version: 10,
    name: 'api_server_and_mcp',
    up(db) {
      // One API key at a time (id = 1), stored as a SHA-256 hash; api_requests is the request log (pruned);
      // mcp_servers holds the user's MCP server configs (env values may be secrets: never sent to the UI).
      db.exec(`CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key_hash TEXT NOT NULL,
        key_prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE api_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        model TEXT,
        client TEXT NOT NULL,
        stream INTEGER NOT NULL CHECK (stream IN (0, 1)),
        duration_ms REAL NOT NULL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        error_code TEXT
      );
      CREATE TABLE mcp_servers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        transport TEXT NOT NULL CHECK (transport IN ('stdio', 'http')),
        command TEXT,
        args_json TEXT NOT NULL,
        env_json TEXT NOT NULL,
        url TEXT,
        created_at INTEGER NOT NULL
      )`);
    },
  },
  {
    version: 11,
    name: 'facts_term_frequencies',
    up(db) {
      // Per-term document counts of the facts index: recall drops terms most facts contain (see FactStore).
      db.exec(`CREATE VIRTUAL TABLE facts_fts_vocab USING fts5vocab(facts_fts, 'row')`);
    },
  },
];
