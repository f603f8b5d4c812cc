/** The INSERT for a message row, kept apart from the store's lifecycle logic. */
import type { Database } from 'better-sqlite3';
import {
  authorFields,
  jsonOrNull,
  type AssistantStart,
  type MessageStatus,
  type NewMessage,
} from './conversationTypes';

export type MessageInsert = NewMessage & AssistantStart & { id: string; conversationId: string; status: MessageStatus };

export function insertMessageRow(db: Database, message: MessageInsert, now: number): void {
  db.prepare(
    `INSERT INTO messages (id, conversation_id, role, content, agent_id, router_label, router_reason, model_id,
       metrics_json, function_calls_json, tool_result_json, status, error_json, created_at, updated_at)
     VALUES (@id, @conversationId, @role, @content, @agentId, @routerLabel, @routerReason, @modelId,
       NULL, @functionCalls, @toolResult, @status, NULL, @now, @now)`,
  ).run({
    id: message.id,
    conversationId: message.conversationId,
    role: message.role,
    content: message.content,
    ...authorFields(message),
    functionCalls: jsonOrNull(message.functionCalls),
    toolResult: jsonOrNull(message.toolResult),
    status: message.status,
    now,
  });
}
