/** MCP client migrations beyond the first table (migration 10). */
import type { Migration } from './migrations';

export const mcpMigrations: readonly Migration[] = [
  {
    version: 13,
    name: 'mcp_http_headers_and_sse',
    up(db) {
      // Header values (e.g. Authorization) are secrets like env values: stored here, never sent to the UI.
      db.exec(`ALTER TABLE mcp_servers ADD COLUMN headers_json TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE mcp_servers ADD COLUMN legacy_sse INTEGER NOT NULL DEFAULT 0 CHECK (legacy_sse IN (0, 1));`);
    },
  },
];
