import type { z } from 'zod';
import type { FunctionDefinition as FunctionDefinitionSchema } from '@contract';
import { eraseTool, type AnyTool, type ToolDefinition, type ToolPermission } from './toolTypes';

/** What the model sees for one tool (the contract exports only the schema). */
export type FunctionDefinition = z.infer<typeof FunctionDefinitionSchema>;

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** All tools an agent could be given, by name: built-ins now, MCP-bridged tools later. */
export class ToolRegistry {
  private readonly tools = new Map<string, AnyTool>();

  register<I, O>(tool: ToolDefinition<I, O>): void {
    if (!TOOL_NAME.test(tool.name)) throw new Error(`tool name must be snake_case: ${tool.name}`);
    if (this.tools.has(tool.name)) throw new Error(`tool already registered: ${tool.name}`);
    this.tools.set(tool.name, eraseTool(tool));
  }

  unregister(name: string): boolean {
    return this.tools.delete(name);
  }

  get(name: string): AnyTool | undefined {
    return this.tools.get(name);
  }

  list(): AnyTool[] {
    return [...this.tools.values()];
  }

  /** Default permissions for a new agent: every registered tool at its own default. */
  defaultPermissions(): Record<string, ToolPermission> {
    return Object.fromEntries(this.list().map((t) => [t.name, t.defaultPermission]));
  }

  /**
   * What `GenerateRequest.functions` gets for an agent: its enabled tools that exist, minus denied ones
   * (a denied tool the model can see only invites calls that will fail).
   */
  definitionsFor(
    enabled: Iterable<string>,
    permissions: Record<string, ToolPermission> = {},
  ): Record<string, FunctionDefinition> {
    const out: Record<string, FunctionDefinition> = {};
    for (const name of enabled) {
      const tool = this.tools.get(name);
      // A tool that cannot run (its MCP server is down) is withdrawn rather than offered to fail.
      if (!tool || tool.isAvailable?.() === false) continue;
      if ((permissions[name] ?? tool.defaultPermission) === 'deny') continue;
      out[name] = { description: tool.description, params: tool.jsonSchema };
    }
    return out;
  }
}
