/**
 * The user's MCP servers at runtime: one connection each, their tools kept in the shared ToolRegistry
 * (so agents get them with the same permissions and audit as built-ins), changes pushed as `mcp.changed`.
 * Servers connect in the background: nothing here makes start-up or a route wait for a slow server.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  OutpostError,
  type McpPrompt,
  type McpPromptMessages,
  type McpResource,
  type McpServerInfo,
  type McpServerInput,
  type McpServerUpdate,
} from '@contract';
import type { z } from 'zod';
import type { EventSink, Logger } from '../ports';
import type { ToolRegistry } from '../tools/toolRegistry';
import { serverIdentity, type McpConfigStore, type McpServerConfig } from './mcpConfigStore';
import type { McpClientServices } from './mcpClientRequests';
import type { ConnectionOptions, McpConnection } from './mcpConnection';
import { adaptMcpTool, localToolName } from './mcpToolAdapter';

export interface McpManagerDeps {
  store: McpConfigStore;
  registry: ToolRegistry;
  events: EventSink;
  logger: Logger;
  /**
   * Called when the program behind some tool names changes or goes away: grants given to the old program
   * must not pass to the new one (createCore resets agents' "allow" for these names).
   */
  revokeGrants?: (toolNames: readonly string[]) => void;
  connection?: ConnectionOptions;
  /** Roots and sampling for servers that ask (see mcpClientRequests); without it no client capability is declared. */
  services?: McpClientServices;
}

interface Entry {
  /** Null until the SDK module has loaded. */
  connection: McpConnection | null;
  /** Remote tool name → name in the registry. */
  registered: Map<string, string>;
  /** Resolves once the first connection attempt ended (running or failed). */
  ready: Promise<void>;
}

export class McpManager {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly d: McpManagerDeps) {}

  /** Starts every configured server in the background; each reports its state through `mcp.changed`. */
  startAll(): void {
    for (const config of this.d.store.list()) this.open(config);
  }

  /** Waits until every server's first attempt ended (tests and the headless MCP entry). */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.ready));
  }

  list(): McpServerInfo[] {
    return this.d.store.list().map((config) => this.info(config));
  }

  /** Returns once the first connection attempt ended, so the caller sees "running" or why not. */
  async add(input: z.output<typeof McpServerInput>): Promise<McpServerInfo> {
    const config = this.d.store.add(input);
    await this.open(config).ready;
    return this.info(config);
  }

  async update(input: z.output<typeof McpServerUpdate>): Promise<McpServerInfo> {
    const before = this.d.store.get(input.id);
    const config = this.d.store.update(input);
    const entry = this.entries.get(config.id);
    if (entry) await this.close(config.id, entry, serverIdentity(before) !== serverIdentity(config));
    await this.open(config).ready;
    return this.info(config);
  }

  async remove(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (entry) await this.close(id, entry, true);
    const removed = this.d.store.remove(id);
    this.publish();
    return removed;
  }

  async restart(id: string): Promise<McpServerInfo> {
    const config = this.d.store.get(id);
    const entry = this.entries.get(id);
    if (entry?.connection) {
      await entry.connection.stop();
      await entry.connection.start();
    } else await this.open(config).ready;
    return this.info(config);
  }

  async resources(id: string): Promise<McpResource[]> {
    const { listResources } = await import('./mcpCatalog');
    return this.ask(id, listResources);
  }

  async readResource(id: string, uri: string) {
    const { readResource } = await import('./mcpCatalog');
    return this.ask(id, (client) => readResource(client, uri));
  }

  async prompts(id: string): Promise<McpPrompt[]> {
    const { listPrompts } = await import('./mcpCatalog');
    return this.ask(id, listPrompts);
  }

  async getPrompt(id: string, name: string, args: Record<string, string>): Promise<McpPromptMessages> {
    const { getPrompt } = await import('./mcpCatalog');
    return this.ask(id, (client) => getPrompt(client, name, args));
  }

  /** Runs a request on a running server; its failure (a server error, a timeout) is a typed error naming it. */
  private async ask<T>(id: string, request: (client: Client) => Promise<T>): Promise<T> {
    const config = this.d.store.get(id);
    const connection = this.entries.get(id)?.connection;
    if (!connection) throw new OutpostError('unavailable', `The MCP server "${config.name}" is not running`);
    const client = connection.runningClient();
    try {
      return await request(client);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new OutpostError('bad_request', `The MCP server "${config.name}" answered: ${message.slice(0, 500)}`);
    }
  }

  async dispose(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((e) => e.connection?.stop()));
  }

  private async close(id: string, entry: Entry, revoke: boolean): Promise<void> {
    this.entries.delete(id);
    await entry.connection?.stop();
    const names = [...entry.registered.values()];
    for (const name of names) this.d.registry.unregister(name);
    if (revoke && names.length > 0) this.d.revokeGrants?.(names);
  }

  private open(config: McpServerConfig): Entry {
    const entry: Entry = { registered: new Map(), connection: null, ready: Promise.resolve() };
    this.entries.set(config.id, entry);
    entry.ready = (async () => {
      // Loaded on first use: the MCP SDK (with ajv) costs ~25 MB that users without MCP servers should not pay.
      const { McpConnection } = await import('./mcpConnection');
      if (this.entries.get(config.id) !== entry) return;
      const connection = new McpConnection(
        config,
        { onChange: () => this.changed(entry) },
        this.d.connection,
        this.d.services ?? null,
      );
      entry.connection = connection;
      await connection.start();
      if (connection.state === 'failed') {
        this.d.logger.warn('MCP server failed to start', { server: config.name, error: connection.error });
      }
    })().catch((error: unknown) => this.d.logger.error('MCP server start threw', { error: String(error) }));
    this.publish();
    return entry;
  }

  private changed(entry: Entry): void {
    if (!entry.connection || this.entries.get(entry.connection.serverId) !== entry) return;
    this.sync(entry);
    this.publish();
  }

  /** Registers new tools and drops vanished ones; a down server's tools stay listed as unavailable. */
  private sync(entry: Entry): void {
    const { connection, registered } = entry;
    if (connection?.state !== 'running') return;
    const current = new Set(connection.tools.map((t) => t.name));
    for (const [remote, local] of registered) {
      if (current.has(remote)) continue;
      this.d.registry.unregister(local);
      registered.delete(remote);
    }
    for (const tool of connection.tools) {
      const existing = registered.get(tool.name);
      if (existing) this.d.registry.unregister(existing);
      const taken = new Set(this.d.registry.list().map((t) => t.name));
      const name = existing ?? localToolName(connection.serverName, tool.name, taken);
      try {
        this.d.registry.register(adaptMcpTool(tool, name, connection));
        registered.set(tool.name, name);
      } catch (error) {
        registered.delete(tool.name);
        this.d.logger.warn('MCP tool skipped', {
          server: connection.serverName,
          tool: tool.name,
          error: String(error),
        });
      }
    }
  }

  private info(config: McpServerConfig): McpServerInfo {
    const entry = this.entries.get(config.id);
    const connection = entry?.connection;
    return {
      id: config.id,
      name: config.name,
      transport: config.transport,
      command: config.transport === 'stdio' ? config.command : null,
      args: config.transport === 'stdio' ? config.args : [],
      envKeys: config.transport === 'stdio' ? Object.keys(config.env) : [],
      url: config.transport === 'http' ? config.url : null,
      headerKeys: config.transport === 'http' ? Object.keys(config.headers) : [],
      legacySse: config.transport === 'http' && config.legacySse,
      state: connection?.state ?? (entry ? 'starting' : 'stopped'),
      error: connection?.error ?? null,
      tools: [...(entry?.registered ?? new Map<string, string>())].flatMap(([remote, local]) => {
        const tool = this.d.registry.get(local);
        return tool ? [{ name: local, remoteName: remote, title: tool.title, description: tool.description }] : [];
      }),
      skipped: connection?.skipped ?? [],
    };
  }

  private publish(): void {
    this.d.events.emit('mcp.changed', this.list());
  }
}
