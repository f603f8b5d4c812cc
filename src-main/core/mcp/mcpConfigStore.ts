/** The user's MCP server configurations (table mcp_servers); env and header values are secrets kept here only. */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { OutpostError, type McpServerInput, type McpServerUpdate } from '@contract';
import { parseJsonColumn } from '../storage/jsonColumn';

export type McpServerConfig =
  | { id: string; name: string; transport: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | {
      id: string;
      name: string;
      transport: 'http';
      url: string;
      headers: Record<string, string>;
      legacySse: boolean;
    };

type AddInput = z.output<typeof McpServerInput>;
type UpdateInput = z.output<typeof McpServerUpdate>;

const StringList = z.array(z.string());
const StringMap = z.record(z.string(), z.string());
const Row = z.object({
  id: z.string(),
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  command: z.string().nullable(),
  args_json: z.string(),
  env_json: z.string(),
  url: z.string().nullable(),
  headers_json: z.string(),
  legacy_sse: z.number(),
});

function toConfig(raw: unknown): McpServerConfig {
  const row = Row.parse(raw);
  if (row.transport === 'http') {
    return {
      id: row.id,
      name: row.name,
      transport: 'http',
      url: row.url ?? '',
      headers: parseJsonColumn(row.headers_json, StringMap, {}),
      legacySse: row.legacy_sse === 1,
    };
  }
  return {
    id: row.id,
    name: row.name,
    transport: 'stdio',
    command: row.command ?? '',
    args: parseJsonColumn(row.args_json, StringList, []),
    env: parseJsonColumn(row.env_json, StringMap, {}),
  };
}

/** What identifies the program behind a server: a permission given to one must not pass to another. */
export function serverIdentity(config: McpServerConfig): string {
  return config.transport === 'http'
    ? `http ${config.url}`
    : `stdio ${JSON.stringify([config.command, ...config.args])}`;
}

/** Null values keep the stored secret (the UI never sees it); keys left out are removed. */
function mergeSecrets(next: Record<string, string | null>, stored: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(next)) {
    const kept = value ?? stored[key];
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

export class McpConfigStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  list(): McpServerConfig[] {
    return this.db.prepare('SELECT * FROM mcp_servers ORDER BY created_at, id').all().map(toConfig);
  }

  add(input: AddInput): McpServerConfig {
    this.assertNameFree(input.name, null);
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO mcp_servers (id, name, transport, command, args_json, env_json, url, headers_json, legacy_sse,
           created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.name, input.transport, ...this.columns(input), this.now());
    return this.get(id);
  }

  update(input: UpdateInput): McpServerConfig {
    const stored = this.get(input.id);
    this.assertNameFree(input.name, input.id);
    const full: AddInput =
      input.transport === 'stdio'
        ? { ...input, env: mergeSecrets(input.env, stored.transport === 'stdio' ? stored.env : {}) }
        : { ...input, headers: mergeSecrets(input.headers, stored.transport === 'http' ? stored.headers : {}) };
    this.db
      .prepare(
        `UPDATE mcp_servers SET name = ?, transport = ?, command = ?, args_json = ?, env_json = ?, url = ?,
           headers_json = ?, legacy_sse = ? WHERE id = ?`,
      )
      .run(full.name, full.transport, ...this.columns(full), input.id);
    return this.get(input.id);
  }

  get(id: string): McpServerConfig {
    const row: unknown = this.db.prepare('SELECT * FROM mcp_servers WHERE id = ?').get(id);
    if (!row) throw new OutpostError('not_found', `No MCP server with id ${id}`);
    return toConfig(row);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM mcp_servers WHERE id = ?').run(id).changes > 0;
  }

  private assertNameFree(name: string, exceptId: string | null): void {
    const taken = this.list().some((c) => c.id !== exceptId && c.name.toLowerCase() === name.toLowerCase());
    if (taken) throw new OutpostError('conflict', `An MCP server named "${name}" already exists`);
  }

  private columns(input: AddInput): [string | null, string, string, string | null, string, number] {
    return input.transport === 'stdio'
      ? [input.command, JSON.stringify(input.args), JSON.stringify(input.env), null, '{}', 0]
      : [null, '[]', '{}', input.url, JSON.stringify(input.headers), input.legacySse ? 1 : 0];
  }
}
