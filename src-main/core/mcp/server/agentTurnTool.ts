/** Runs one MCP `agent_<id>` call as a chat turn and turns its stored reply into an MCP tool result. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Conversation as ConversationSchema, Message as MessageSchema, TurnStarted } from '@contract';
import type { z } from 'zod';
import type { Logger } from '../../ports';
import { routeApprovals, type ApprovalRouting, type CardPort } from './approvalRouting';

type Conversation = z.output<typeof ConversationSchema>;
type Message = z.output<typeof MessageSchema>;

/** What the MCP server needs from chat and conversations (ChatService + ConversationStore). */
export interface AgentTurnPort extends CardPort {
  createConversation(agentId: string, title: string): Conversation;
  getConversation(id: string): Conversation;
  send(input: { conversationId: string; text: string; toolChoice?: 'auto' | 'required' }): TurnStarted;
  waitForIdle(conversationId: string): Promise<void>;
  stop(conversationId: string): boolean;
  messages(conversationId: string): Message[];
}

export async function runAgentTool(
  port: AgentTurnPort,
  agentId: string,
  args: { message: string; conversation_id?: string; tool_choice?: 'auto' | 'required' },
  signal: AbortSignal,
  logger: Logger,
  approvals: ApprovalRouting = { askClient: null, unattended: false },
): Promise<CallToolResult> {
  let conversationId: string;
  try {
    if (args.conversation_id) {
      const existing = port.getConversation(args.conversation_id);
      if (existing.agentId !== agentId) return failure('That conversation belongs to another agent.');
      conversationId = existing.id;
    } else {
      conversationId = port.createConversation(agentId, `MCP: ${args.message.slice(0, 60)}`).id;
    }
    // Listening before the turn starts: its first tool call may ask at once.
    const stopRouting = routeApprovals(port, conversationId, approvals, logger);
    const stop = () => port.stop(conversationId);
    signal.addEventListener('abort', stop, { once: true });
    let started: TurnStarted;
    try {
      started = port.send({ conversationId, text: args.message, toolChoice: args.tool_choice ?? 'auto' });
      await port.waitForIdle(conversationId);
    } finally {
      signal.removeEventListener('abort', stop);
      stopRouting();
    }
    const replies = port.messages(conversationId);
    const userIndex = replies.findIndex((m) => m.id === started.userMessageId);
    const reply = replies.slice(userIndex + 1).findLast((m) => m.role === 'assistant');
    if (!reply) return failure('The agent did not answer.');
    if (reply.status !== 'complete') {
      const why = reply.error ? `${reply.error.code}: ${reply.error.message}` : reply.status;
      return failure(`The agent stopped without a complete answer (${why}).`, conversationId);
    }
    return {
      content: [{ type: 'text', text: reply.content }],
      structuredContent: { reply: reply.content, conversation_id: conversationId },
    };
  } catch (error) {
    logger.warn('MCP agent call failed', { agentId, error: String(error) });
    return failure(error instanceof Error ? error.message : String(error));
  }
}

function failure(text: string, conversationId?: string): CallToolResult {
  const suffix = conversationId ? ` (conversation_id: ${conversationId})` : '';
  return { content: [{ type: 'text', text: text + suffix }], isError: true };
}
