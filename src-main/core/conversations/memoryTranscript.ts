/**
 * A conversation that lives only as long as one turn (API `agent:` calls, builder previews): the same rules as
 * the SQLite store for the turn's writes, without a database, so nothing reaches the user's chat history.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports';
import type { ConversationPort } from './conversationPort';
import { legacyToolResult } from './legacyToolResult';
import { noConversation, noMessage, requireStreaming } from './messageErrors';
import {
  authorFields,
  type AssistantResult,
  type AssistantStart,
  type Message,
  type MessageError,
  type MessageStatus,
  type NewMessage,
} from './conversationTypes';

export interface TranscriptSeed {
  agentId: string;
  /** The turns before the one being answered. */
  history: readonly { role: 'user' | 'assistant'; content: string }[];
  /** The user message the turn answers. */
  text: string;
}

export class MemoryTranscript implements ConversationPort {
  readonly conversationId = randomUUID();
  readonly userMessageId: string;
  private readonly rows: Message[] = [];

  constructor(
    seed: TranscriptSeed,
    private readonly clock: Clock,
  ) {
    for (const message of seed.history) this.addMessage(this.conversationId, { ...message, agentId: seed.agentId });
    this.userMessageId = this.addMessage(this.conversationId, {
      role: 'user',
      content: seed.text,
      agentId: seed.agentId,
    }).id;
  }

  messages(conversationId: string): Message[] {
    this.requireConversation(conversationId);
    return this.rows.map(copy);
  }

  getMessage(id: string): Message {
    return copy(this.row(id));
  }

  addMessage(conversationId: string, message: NewMessage): Message {
    return copy(this.insert(conversationId, { ...message, status: 'complete' }));
  }

  beginAssistantMessage(conversationId: string, start: AssistantStart = {}): Message {
    return copy(this.insert(conversationId, { role: 'assistant', content: '', ...start, status: 'streaming' }));
  }

  /** As in the store: the same streaming row continues on another model. */
  retargetAssistantMessage(id: string, start: Omit<AssistantStart, 'agentId'>): Message {
    const row = this.streaming(id);
    row.content = '';
    row.modelId = start.modelId ?? null;
    row.routerLabel = start.routerLabel ?? null;
    row.routerReason = start.routerReason ?? null;
    row.updatedAt = this.clock.now();
    return copy(row);
  }

  appendToMessage(id: string, delta: string): void {
    if (delta.length === 0) return;
    const row = this.streaming(id);
    row.content += delta;
    row.updatedAt = this.clock.now();
  }

  /** The final text replaces what was streamed, as in the store. */
  completeMessage(id: string, result: AssistantResult): Message {
    const row = this.streaming(id);
    row.content = result.content;
    row.metrics = result.metrics ?? null;
    row.functionCalls = result.functionCalls ?? null;
    row.modelId = result.servedBy ?? row.modelId;
    row.status = 'complete';
    row.updatedAt = this.clock.now();
    return copy(row);
  }

  failMessage(id: string, error: MessageError, status: 'error' | 'incomplete' = 'error', content?: string): Message {
    const row = this.streaming(id);
    row.status = status;
    row.error = { code: error.code, message: error.message };
    row.content = content ?? row.content;
    row.updatedAt = this.clock.now();
    return copy(row);
  }

  private insert(conversationId: string, message: NewMessage & AssistantStart & { status: MessageStatus }): Message {
    this.requireConversation(conversationId);
    const now = this.clock.now();
    const row: Message = {
      id: randomUUID(),
      conversationId,
      role: message.role,
      content: message.content,
      ...authorFields(message),
      metrics: null,
      functionCalls: message.functionCalls ?? null,
      toolResult: null,
      status: message.status,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    // As the store reads a tool row: a structured result, else the one parsed from its `<tool_result>` text.
    if (row.role === 'tool') row.toolResult = message.toolResult ?? legacyToolResult(row.id, row.content);
    this.rows.push(row);
    return row;
  }

  private requireConversation(conversationId: string): void {
    if (conversationId !== this.conversationId) throw noConversation(conversationId);
  }

  private row(id: string): Message {
    const row = this.rows.find((m) => m.id === id);
    if (!row) throw noMessage(id);
    return row;
  }

  private streaming(id: string): Message {
    return requireStreaming(id, this.row(id));
  }
}

/** Callers get their own copy, as each store read returns a fresh row. */
function copy(message: Message): Message {
  return structuredClone(message);
}
