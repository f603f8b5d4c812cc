/** The user's MCP server configurations (table mcp_servers). */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { OutpostError, type McpServerInput } from '@contract';
import type { z } from 'zod';

export type McpServerConfig =
  | { id: string; name: string; transport: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { id: string; name: string; transport: 'http'; url: string };

interface Row {
  id: string;
  name: string;
  transport: 'stdio' | 'http';
  command: string | null;
  args_json: string;
  env_json: string;
  url: string | null;
}

function toConfig(row: Row): McpServerConfig {
  if (row.transport === 'http') return { id: row.id, name: row.name, transport: 'http', url: row.url ?? '' };
  return {
    id: row.id,
    name: row.name,
    transport: 'stdio',
    command: row.command ?? '',
    args: JSON.parse(row.args_json) as string[],
    env: JSON.parse(row.env_json) as Record<string, string>,
  };
}

export class McpConfigStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  list(): McpServerConfig[] {
    return (this.db.prepare('SELECT * FROM mcp_servers ORDER BY created_at, id').all() as Row[]).map(toConfig);
  }

  add(input: z.output<typeof McpServerInput>): McpServerConfig {
    const taken = this.list().some((c) => c.name.toLowerCase() === input.name.toLowerCase());
    if (taken) throw new OutpostError('conflict', `An MCP server named "${input.name}" already exists`);
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO mcp_servers (id, name, transport, command, args_json, env_json, url, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.name,
        input.transport,
        input.transport === 'stdio' ? input.command : null,
        JSON.stringify(input.transport === 'stdio' ? input.args : []),
        JSON.stringify(input.transport === 'stdio' ? input.env : {}),
        input.transport === 'http' ? input.url : null,
        this.now(),
      );
    return this.get(id);
  }

  get(id: string): McpServerConfig {
    const row = this.db.prepare('SELECT * FROM mcp_servers WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new OutpostError('not_found', `No MCP server with id ${id}`);
    return toConfig(row);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM mcp_servers WHERE id = ?').run(id).changes > 0;
  }
}
