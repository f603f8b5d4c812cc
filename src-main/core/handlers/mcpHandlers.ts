import type { McpManager } from '../mcp/mcpManager';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface McpServices {
  mcp: McpManager;
}

export function mcpHandlers(s: McpServices) {
  return {
    'mcp.list': async () => s.mcp.list(),
    'mcp.add': async (input) => s.mcp.add(input),
    'mcp.update': async (input) => s.mcp.update(input),
    'mcp.remove': async ({ id }) => ({ removed: await s.mcp.remove(id) }),
    'mcp.restart': async ({ id }) => s.mcp.restart(id),
    'mcp.resources': async ({ id }) => s.mcp.resources(id),
    'mcp.readResource': async ({ id, uri }) => s.mcp.readResource(id, uri),
    'mcp.prompts': async ({ id }) => s.mcp.prompts(id),
    'mcp.getPrompt': async ({ id, name, arguments: args }) => s.mcp.getPrompt(id, name, args),
  } satisfies DomainHandlers<'mcp'>;
}
