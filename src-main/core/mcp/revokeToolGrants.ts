/** When an MCP server's program changes or is removed, agents that allowed its tools are asked again. */
import type { AgentStore } from '../agents/agentStore';
import type { ToolPermission } from '../tools/toolTypes';

export function revokeToolGrants(agents: Pick<AgentStore, 'list' | 'update'>, toolNames: readonly string[]): void {
  const names = new Set(toolNames);
  for (const { definition } of agents.list()) {
    const tools: Record<string, ToolPermission> = { ...definition.tools };
    let changed = false;
    for (const [name, permission] of Object.entries(tools)) {
      if (names.has(name) && permission === 'allow') {
        tools[name] = 'ask';
        changed = true;
      }
    }
    if (changed) agents.update(definition.id, { tools });
  }
}
