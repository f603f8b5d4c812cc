/**
 * Outpost as an MCP server: every agent is a tool (`agent_<id>`), plus whatever tool providers are plugged in
 * (the knowledge domain's `search_knowledge` goes there). An agent call is a real chat turn in a conversation of
 * its own: the agent's permissions and audit apply, and "ask" tools wait for the user's approval in the app.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Logger } from '../../ports';
import type { ApprovalRequestEvent } from '@contract';
import { DEFAULT_APPROVAL_TIMEOUT_MS } from '../../tools/permissionPolicy';
import { runAgentTool, type AgentTurnPort } from './agentTurnTool';

/** More tools for MCP clients, e.g. knowledge search. `call` receives arguments already checked by its schema. */
export interface McpToolProvider {
  tools(): Tool[];
  call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> | null;
}

export interface OutpostMcpDeps {
  agents: () => readonly { id: string; name: string; description: string }[];
  turns: AgentTurnPort;
  providers?: readonly McpToolProvider[];
  logger: Logger;
  version: string;
}

export const AGENT_TOOL_PREFIX = 'agent_';
const AgentArgs = z.object({
  message: z.string().min(1).max(100_000),
  conversation_id: z.string().min(1).max(200).optional(),
  tool_choice: z.enum(['auto', 'required']).optional(),
});

function agentTools(d: OutpostMcpDeps): Tool[] {
  return d.agents().map((agent) => ({
    name: `${AGENT_TOOL_PREFIX}${agent.id}`.slice(0, 128),
    title: agent.name,
    description:
      `Ask the Outpost agent "${agent.name}" (runs locally with its own tools and permissions). ${agent.description}`.trim(),
    inputSchema: {
      type: 'object',
      properties: {
        message: { type: 'string', description: 'What to ask or tell the agent.' },
        conversation_id: {
          type: 'string',
          description: 'Continue an earlier conversation (returned by a previous call); omit to start a new one.',
        },
        tool_choice: {
          type: 'string',
          enum: ['auto', 'required'],
          description: '"required": the agent\'s first step calls one of its own tools (default "auto").',
        },
      },
      required: ['message'],
    },
    outputSchema: {
      type: 'object',
      properties: { reply: { type: 'string' }, conversation_id: { type: 'string' } },
      required: ['reply', 'conversation_id'],
    },
    annotations: { title: agent.name, readOnlyHint: false, openWorldHint: false },
  }));
}

function failed(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Deps that arrive later: a stdio entry answers `initialize` at once while it starts its own core. */
export interface PendingMcpDeps {
  version: string;
  ready: Promise<OutpostMcpDeps>;
}

export interface OutpostMcpServerOptions {
  /** No app window can answer an "ask" card (`npm run mcp` with its own core): see approvalRouting.ts. */
  unattended?: boolean;
}

/** The approval as a one-field form in the MCP client (elicitation); anything but "accept + allow" denies. */
async function askThroughForm(
  server: Server,
  event: ApprovalRequestEvent,
  signal: AbortSignal,
  relatedRequestId: string | number,
): Promise<'approve' | 'deny'> {
  const args = JSON.stringify(event.args ?? {});
  const result = await server.elicitInput(
    {
      mode: 'form',
      message: `Outpost's agent wants to run the tool "${event.title}" (${event.tool}) with ${args.length > 2000 ? `${args.slice(0, 2000)}…` : args}. Allow it?`,
      requestedSchema: {
        type: 'object',
        properties: { allow: { type: 'boolean', title: 'Allow this call', description: `Run ${event.tool} once.` } },
        required: ['allow'],
      },
    },
    { signal, timeout: DEFAULT_APPROVAL_TIMEOUT_MS, relatedRequestId },
  );
  return result.action === 'accept' && result.content?.allow === true ? 'approve' : 'deny';
}

/** One SDK Server per session/request; cheap to build, and nothing leaks between clients. */
export function createOutpostMcpServer(
  deps: OutpostMcpDeps | PendingMcpDeps,
  options: OutpostMcpServerOptions = {},
): Server {
  const ready = 'ready' in deps ? deps.ready : Promise.resolve(deps);
  const server = new Server(
    { name: 'outpost', version: deps.version },
    { capabilities: { tools: { listChanged: false } } },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const d = await ready;
    return { tools: [...agentTools(d), ...(d.providers ?? []).flatMap((p) => p.tools())] };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const d = await ready;
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    if (name.startsWith(AGENT_TOOL_PREFIX)) {
      const agentId = name.slice(AGENT_TOOL_PREFIX.length);
      if (!d.agents().some((a) => a.id === agentId)) return failed(`There is no agent "${agentId}" in Outpost.`);
      const parsed = AgentArgs.safeParse(args);
      if (!parsed.success) return failed(`Invalid arguments: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      const canAsk = server.getClientCapabilities()?.elicitation?.form !== undefined;
      return runAgentTool(d.turns, agentId, parsed.data, extra.signal, d.logger, {
        askClient: canAsk ? (event, signal) => askThroughForm(server, event, signal, extra.requestId) : null,
        unattended: options.unattended ?? false,
      });
    }
    for (const provider of d.providers ?? []) {
      const result = provider.call(name, args, extra.signal);
      if (result) return result;
    }
    return failed(`Unknown tool "${name}".`);
  });
  return server;
}

/**
 * Streamable HTTP in stateless mode (a fresh server per request, JSON responses): the API server mounts this at
 * `/mcp` behind its own key check, loopback guard and rate limit.
 */
export function mcpHttpHandler(d: OutpostMcpDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const server = createOutpostMcpServer(d);
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      // With JSON responses the answer is complete once handleRequest returns.
      void server.close().catch(() => undefined);
    }
  };
}
