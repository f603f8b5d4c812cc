/**
 * Requests an MCP server sends to Outpost: `roots/list` (the folders the user granted),
 * `sampling/createMessage` (the calling agent's model writes a reply, only after the user approves it in the
 * chat) and `elicitation/create` (a form card in the chat). A server may only sample or ask for a form while one
 * of its tools is being called by an agent: that call is who asks. Where no one can answer, forms are declined.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { AskForm } from '../tools/toolTypes';
import { ElicitationSchemaError, formFromRequest } from './mcpElicitation';
import { cleanText } from './mcpToolAdapter';

/** What the calling tool call offers a server's requests: whose call it is and a way to ask the user. */
export interface CallScope {
  agentId: string;
  /** Shows an approve/deny card in the call's conversation; absent where no one can answer (then: denied). */
  askUser?: (request: { tool: string; title: string; args: unknown }, signal: AbortSignal) => Promise<boolean>;
  /** Shows a form card in the call's conversation; absent in background runs and API calls (then: declined). */
  askForm?: AskForm;
}

export interface SamplingRequest {
  agentId: string;
  systemPrompt?: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
}

export interface SamplingResult {
  text: string;
  /** The model that wrote it. */
  model: string;
  stopReason: 'endTurn' | 'maxTokens' | 'stopSequence';
}

/** Outpost's side of client features, wired by createApi. */
export interface McpClientServices {
  /** Granted folders: the calling agent's when a call is in flight, otherwise every granted folder. */
  roots(agentId: string | null): { path: string; name: string }[];
  sample(request: SamplingRequest, signal: AbortSignal): Promise<SamplingResult>;
}

/** The MCP spec's code for "the user rejected the sampling request". */
const USER_REJECTED = -1;
const MAX_SAMPLING_TOKENS = 4096;

/** Forms need no service of Outpost's: every connection declares them (and declines where no one can answer). */
export const FORM_CAPABILITIES = { elicitation: { form: {} } } as const;
export const CLIENT_CAPABILITIES = { roots: { listChanged: false }, sampling: {}, ...FORM_CAPABILITIES } as const;

/** `elicitation/create`: a form card in the calling tool's conversation. */
export function handleElicitation(client: Client, serverName: string, current: () => CallScope | null): void {
  client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
    const { params } = request;
    if (params.mode === 'url') throw new McpError(ErrorCode.InvalidParams, 'Outpost only answers form elicitation');
    let form;
    try {
      form = formFromRequest(params.message, params.requestedSchema);
    } catch (error) {
      if (error instanceof ElicitationSchemaError) throw new McpError(ErrorCode.InvalidParams, error.message);
      throw error;
    }
    const scope = current();
    // A background job or an API call has no one to fill in the form: declined, as a user would.
    if (!scope?.askForm) return { action: 'decline' as const };
    const server = cleanText(serverName, 40);
    const answer = await scope.askForm(
      { tool: 'mcp_elicitation', title: `MCP server "${server}" asks you for some information`, form },
      extra.signal,
    );
    return answer.action === 'accept' ? { action: 'accept' as const, content: answer.values } : answer;
  });
}

/** Registers the request handlers on a fresh client; `current()` is the latest in-flight call, if any. */
export function handleServerRequests(
  client: Client,
  serverName: string,
  services: McpClientServices,
  current: () => CallScope | null,
): void {
  client.setRequestHandler(ListRootsRequestSchema, () => ({
    roots: services.roots(current()?.agentId ?? null).map((root) => ({
      uri: new URL(`file://${root.path.startsWith('/') ? '' : '/'}${root.path.replaceAll('\\', '/')}`).href,
      name: root.name,
    })),
  }));

  client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
    const scope = current();
    if (!scope) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        'Outpost samples only while an agent is calling one of your tools (someone must approve it)',
      );
    }
    const { params } = request;
    const messages = params.messages.map((message, i) => {
      const parts = Array.isArray(message.content) ? message.content : [message.content];
      const text = parts.map((part) => {
        if (part.type !== 'text') {
          throw new McpError(
            ErrorCode.InvalidParams,
            `messages[${i}]: only text content can be sampled, not ${part.type}`,
          );
        }
        return part.text;
      });
      return { role: message.role, text: text.join('\n') };
    });
    const maxTokens = Math.min(params.maxTokens, MAX_SAMPLING_TOKENS);
    const server = cleanText(serverName, 40);
    const approved = scope.askUser
      ? await scope.askUser(
          {
            tool: 'mcp_sampling',
            title: `MCP server "${server}" asks your agent's model to write a reply`,
            args: { systemPrompt: params.systemPrompt ?? null, messages, maxTokens },
          },
          extra.signal,
        )
      : false;
    if (!approved) throw new McpError(USER_REJECTED, 'The user rejected the sampling request');
    const result = await services.sample(
      {
        agentId: scope.agentId,
        ...(params.systemPrompt ? { systemPrompt: params.systemPrompt } : {}),
        messages,
        maxTokens,
        ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
        ...(params.stopSequences ? { stopSequences: params.stopSequences } : {}),
      },
      extra.signal,
    );
    return {
      role: 'assistant' as const,
      content: { type: 'text' as const, text: result.text },
      model: result.model,
      stopReason: result.stopReason,
    };
  });
}
