/**
 * Turns an MCP server's tool into an Outpost tool. Everything the server says is untrusted: names are
 * re-derived, text is capped and marked as coming from the server, annotations never relax permissions.
 */
import { z } from 'zod';
import type { ToolProgress } from '@contract';
import { defineTool, ToolError, type ToolDefinition, type ToolOutputWithMedia } from '../tools/toolTypes';
import type { CallScope } from './mcpClientRequests';
import type { PreparedSchema } from './mcpSchema';

export interface RemoteTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  /** The server's readOnlyHint: changes the label, never the starting permission. */
  readOnly: boolean;
  schema: PreparedSchema;
}

/** What the adapter needs from the live connection. */
export interface ToolCaller {
  readonly serverId: string;
  readonly serverName: string;
  isRunning(): boolean;
  /** Why the server is not running, for the model and the UI. */
  downReason(): string;
  /** `scope` says which agent is calling (for roots and sampling) and how to ask its user. */
  callTool(
    name: string,
    args: unknown,
    signal: AbortSignal,
    scope?: CallScope,
    onProgress?: (progress: ToolProgress) => void,
  ): Promise<string | ToolOutputWithMedia>;
}

export const MCP_TOOL_TIMEOUT_MS = 60_000;
const MAX_DESCRIPTION = 1000;
const MAX_TITLE = 80;
/** An output schema longer than this is not worth the context it costs. */
const MAX_OUTPUT_SCHEMA = 600;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Control characters and delimiter look-alikes out, length capped. */
export function cleanText(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f<>]/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** `mcp_<server>_<tool>`, snake_case, at most 64 characters, unique among `taken`. */
export function localToolName(serverName: string, toolName: string, taken: ReadonlySet<string>): string {
  const base = `mcp_${slug(serverName) || 'server'}_${slug(toolName) || 'tool'}`.slice(0, 64).replace(/_+$/, '');
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 64 - String(n).length - 1)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Validates like the server would (ajv over its own schema), after dropping nulls the grammar forced in. */
function inputFor(schema: PreparedSchema): z.ZodType<Record<string, unknown>> {
  return z.unknown().transform((value, ctx) => {
    const checked = schema.check(value);
    if (checked.ok) return checked.value;
    for (const issue of checked.issues) ctx.addIssue({ code: 'custom', message: issue });
    return z.NEVER;
  });
}

function describe(remote: RemoteTool, server: string): string {
  const text = `[MCP server "${server}"] ${cleanText(remote.description ?? remote.name, MAX_DESCRIPTION)}`;
  if (!remote.outputSchema) return text;
  const output = JSON.stringify(remote.outputSchema);
  return output.length <= MAX_OUTPUT_SCHEMA
    ? `${text} Returns JSON matching: ${cleanText(output, MAX_OUTPUT_SCHEMA)}`
    : text;
}

export function adaptMcpTool(
  remote: RemoteTool,
  name: string,
  caller: ToolCaller,
): ToolDefinition<Record<string, unknown>, string | ToolOutputWithMedia> {
  const server = cleanText(caller.serverName, 40);
  const title = cleanText(remote.title || remote.name, MAX_TITLE);
  return defineTool<Record<string, unknown>, string | ToolOutputWithMedia>({
    name,
    title: `${title} (${server})`,
    description: describe(remote, server),
    inputSchema: inputFor(remote.schema),
    jsonSchema: remote.schema.modelSchema,
    keepsNullArguments: true,
    // Annotations such as readOnlyHint are the server's claims; the user decides, starting from "ask".
    defaultPermission: 'ask',
    sideEffects: remote.readOnly ? 'none' : 'writes-data',
    timeoutMs: MCP_TOOL_TIMEOUT_MS,
    source: caller.serverId,
    sourceName: server,
    isAvailable: () => caller.isRunning(),
    async run(args, ctx) {
      if (!caller.isRunning()) {
        throw new ToolError(
          'tool_failed',
          `The MCP server "${server}" is not running (${caller.downReason()}); its tools are unavailable.`,
        );
      }
      return caller.callTool(
        remote.name,
        args,
        ctx.signal,
        {
          agentId: ctx.agentId,
          ...(ctx.askUser ? { askUser: ctx.askUser } : {}),
          ...(ctx.askForm ? { askForm: ctx.askForm } : {}),
        },
        ctx.reportProgress,
      );
    },
  });
}
