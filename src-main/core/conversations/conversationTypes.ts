/** Conversations and messages as core hands them out, and how they map from rows. */
import {
  type FunctionCall,
  GenerationMetrics,
  ReplyErrorCode,
  StoredFunctionCall as StoredFunctionCallSchema,
  ToolResult as ToolResultSchema,
  type ToolResult,
} from '@contract';
import { z } from 'zod';
import { parseJsonColumn } from '../storage/jsonColumn';
import { legacyToolResult } from './legacyToolResult';

export type MessageRole = 'user' | 'assistant' | 'system' | 'tool';
/** 'streaming' only while a reply is being written; a crash leaves it, and recovery turns it 'incomplete'. */
export type MessageStatus = 'complete' | 'streaming' | 'incomplete' | 'error';

export interface MessageError {
  code: ReplyErrorCode;
  message: string;
}
// Codes from before the list was closed (e.g. 'generation_failed') read as 'internal'.
const MessageErrorSchema = z.object({ code: ReplyErrorCode.catch('internal'), message: z.string() });

export type { ToolResult } from '@contract';

/** A function call the assistant made, with its result once the tool ran. */
export type StoredFunctionCall = FunctionCall & { result?: unknown };

export interface Conversation {
  id: string;
  agentId: string;
  title: string;
  /** True once the user renamed it; the automatic title no longer applies. */
  titleEdited: boolean;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Message {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  /** The agent that answered; differs from the conversation's agent inside a team. */
  agentId: string | null;
  routerLabel: string | null;
  routerReason: string | null;
  modelId: string | null;
  metrics: GenerationMetrics | null;
  functionCalls: StoredFunctionCall[] | null;
  /** Tool rows only: what the call returned, structured. */
  toolResult: ToolResult | null;
  status: MessageStatus;
  error: MessageError | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewMessage {
  role: MessageRole;
  content: string;
  agentId?: string | null;
  modelId?: string | null;
  functionCalls?: StoredFunctionCall[] | null;
  toolResult?: ToolResult | null;
}

export interface AssistantStart {
  agentId?: string | null;
  modelId?: string | null;
  routerLabel?: string | null;
  routerReason?: string | null;
}

export interface AssistantResult {
  content: string;
  metrics?: GenerationMetrics | null;
  functionCalls?: StoredFunctionCall[] | null;
  /** The model that actually wrote it, when not the one the reply began with (a pool member). */
  servedBy?: string;
}

export interface ConversationRow {
  id: string;
  agent_id: string;
  title: string;
  title_edited: number;
  pinned: number;
  created_at: number;
  updated_at: number;
}

export interface MessageRow {
  seq: number;
  id: string;
  conversation_id: string;
  role: MessageRole;
  content: string;
  agent_id: string | null;
  router_label: string | null;
  router_reason: string | null;
  model_id: string | null;
  metrics_json: string | null;
  function_calls_json: string | null;
  /** Null on rows other than tool rows, and on tool rows written before migration 16. */
  tool_result_json?: string | null;
  status: MessageStatus;
  error_json: string | null;
  created_at: number;
  updated_at: number;
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    agentId: row.agent_id,
    title: row.title,
    titleEdited: row.title_edited === 1,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    agentId: row.agent_id,
    routerLabel: row.router_label,
    routerReason: row.router_reason,
    modelId: row.model_id,
    metrics: parseJsonColumn(row.metrics_json, GenerationMetrics.loose().nullable(), null),
    functionCalls: parseJsonColumn(row.function_calls_json, z.array(StoredFunctionCallSchema.loose()).nullable(), null),
    toolResult: row.role === 'tool' ? toolResultOf(row) : null,
    status: row.status,
    error: parseJsonColumn(row.error_json, MessageErrorSchema.nullable(), null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toolResultOf(row: MessageRow): ToolResult {
  return parseJsonColumn(row.tool_result_json, ToolResultSchema, null) ?? legacyToolResult(row.id, row.content);
}

/** Who wrote a new message and how it was routed, with absent fields as the stored nulls. */
export function authorFields(message: NewMessage & AssistantStart) {
  return {
    agentId: message.agentId ?? null,
    routerLabel: message.routerLabel ?? null,
    routerReason: message.routerReason ?? null,
    modelId: message.modelId ?? null,
  };
}

export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
