/**
 * The user's MCP servers at runtime: one connection each, their tools kept in the shared ToolRegistry
 * (so agents get them with the same permissions and audit as built-ins), changes pushed as `mcp.changed`.
 */
import type { McpServerInfo, McpServerInput } from '@contract';
import type { z } from 'zod';
import type { EventSink, Logger } from '../ports';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { McpConfigStore, McpServerConfig } from './mcpConfigStore';
import type { McpConnection } from './mcpConnection';
import { adaptMcpTool, localToolName } from './mcpToolAdapter';

export interface McpManagerDeps {
  store: McpConfigStore;
  registry: ToolRegistry;
  events: EventSink;
  logger: Logger;
}

interface Entry {
  connection: McpConnection;
  /** Remote tool name → name in the registry. */
  registered: Map<string, string>;
}

export class McpManager {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly d: McpManagerDeps) {}

  /** Starts every configured server; failures are per server and show in its state. */
  async startAll(): Promise<void> {
    await Promise.all(this.d.store.list().map((config) => this.open(config)));
  }

  list(): McpServerInfo[] {
    return this.d.store.list().map((config) => this.info(config));
  }

  async add(input: z.output<typeof McpServerInput>): Promise<McpServerInfo> {
    const config = this.d.store.add(input);
    await this.open(config);
    return this.info(config);
  }

  async remove(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    if (entry) {
      await entry.connection.stop();
      for (const name of entry.registered.values()) this.d.registry.unregister(name);
    }
    const removed = this.d.store.remove(id);
    this.publish();
    return removed;
  }

  async restart(id: string): Promise<McpServerInfo> {
    const config = this.d.store.get(id);
    const entry = this.entries.get(id);
    if (entry) await entry.connection.stop();
    if (entry) await entry.connection.start();
    else await this.open(config);
    return this.info(config);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.connection.stop()));
    this.entries.clear();
  }

  private async open(config: McpServerConfig): Promise<void> {
    // Loaded on first use: the MCP SDK (with ajv) costs ~25 MB that users without MCP servers should not pay.
    const { McpConnection } = await import('./mcpConnection');
    const entry: Entry = { registered: new Map(), connection: null as unknown as McpConnection };
    entry.connection = new McpConnection(config, { onChange: () => this.changed(entry) });
    this.entries.set(config.id, entry);
    await entry.connection.start();
    if (entry.connection.state === 'failed') {
      this.d.logger.warn('MCP server failed to start', { server: config.name, error: entry.connection.error });
    }
  }

  private changed(entry: Entry): void {
    if (this.entries.get(entry.connection.serverId) !== entry) return;
    this.sync(entry);
    this.publish();
  }

  /** Registers new tools and drops vanished ones; a crashed server's tools stay listed as unavailable. */
  private sync(entry: Entry): void {
    const { connection, registered } = entry;
    if (connection.state !== 'running') return;
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
      state: connection?.state ?? 'stopped',
      error: connection?.error ?? null,
      tools: [...(entry?.registered ?? new Map<string, string>())].flatMap(([remote, local]) => {
        const tool = this.d.registry.get(local);
        return tool ? [{ name: local, remoteName: remote, title: tool.title, description: tool.description }] : [];
      }),
    };
  }

  private publish(): void {
    this.d.events.emit('mcp.changed', this.list());
  }
}
