/** Conversations and their messages in SQLite, with streaming replies persisted as they arrive. */
import { randomUUID } from 'node:crypto';
import { OutpostError } from '@contract';
import type { Clock } from '../ports';
import type { DiskReserve } from '../storage/diskReserve';
import { readQuery, writeTransaction, type StorageTarget } from '../storage/transactions';
import { cleanTitle, DEFAULT_CONVERSATION_TITLE, titleFromMessage } from './conversationTitle';
import {
  jsonOrNull,
  toConversation,
  toMessage,
  type AssistantResult,
  type AssistantStart,
  type Conversation,
  type ConversationRow,
  type Message,
  type MessageError,
  type MessageRow,
  type MessageStatus,
  type NewMessage,
} from './conversationTypes';
import { insertMessageRow } from './messageRows';
import { noConversation, noMessage, requireStreaming } from './messageErrors';
import { renderConversation, type ExportFormat } from './conversationExport';
import { searchMessages, type SearchHit, type SearchOptions } from './conversationSearch';

export type { AssistantResult, AssistantStart, NewMessage } from './conversationTypes';

export const INTERRUPTED_NOTE = 'Outpost stopped before this reply finished; the text above is what was saved.';

export interface ConversationStoreOptions extends StorageTarget {
  clock: Clock;
  newId?: () => string;
  /** Space held back so a failed reply can still be recorded on a full disk. */
  reserve?: Pick<DiskReserve, 'critical'>;
}

export class ConversationStore {
  private readonly target: StorageTarget;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly critical: <T>(work: () => T) => T;

  constructor(options: ConversationStoreOptions) {
    this.target = { db: options.db, dbFile: options.dbFile };
    this.clock = options.clock;
    this.newId = options.newId ?? randomUUID;
    this.critical = options.reserve ? (work) => options.reserve!.critical(work) : (work) => work();
  }

  create(agentId: string, options: { title?: string } = {}): Conversation {
    return this.write('create the conversation', () => {
      const agent = this.target.db.prepare('SELECT 1 FROM agents WHERE id = ?').get(agentId);
      if (!agent) throw new OutpostError('not_found', `No agent with id "${agentId}"`, { agentId });
      const now = this.clock.now();
      const row: ConversationRow = {
        id: this.newId(),
        agent_id: agentId,
        title: options.title === undefined ? DEFAULT_CONVERSATION_TITLE : cleanTitle(options.title),
        title_edited: options.title === undefined ? 0 : 1,
        pinned: 0,
        created_at: now,
        updated_at: now,
      };
      this.target.db
        .prepare(
          `INSERT INTO conversations (id, agent_id, title, title_edited, pinned, created_at, updated_at)
           VALUES (@id, @agent_id, @title, @title_edited, @pinned, @created_at, @updated_at)`,
        )
        .run(row);
      return toConversation(row);
    });
  }

  get(id: string): Conversation {
    const row = this.read(
      'read the conversation',
      () => this.target.db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined,
    );
    if (!row) throw noConversation(id);
    return toConversation(row);
  }

  /** Pinned first, then most recently active first. */
  listByAgent(agentId: string): Conversation[] {
    const rows = this.read(
      'list conversations',
      () =>
        this.target.db
          .prepare('SELECT * FROM conversations WHERE agent_id = ? ORDER BY pinned DESC, updated_at DESC, rowid DESC')
          .all(agentId) as ConversationRow[],
    );
    return rows.map(toConversation);
  }

  /** Every agent's conversations, most recently active first. */
  listAll(limit = 500): Conversation[] {
    const rows = this.read(
      'list conversations',
      () =>
        this.target.db
          .prepare('SELECT * FROM conversations ORDER BY pinned DESC, updated_at DESC, rowid DESC LIMIT ?')
          .all(limit) as ConversationRow[],
    );
    return rows.map(toConversation);
  }

  rename(id: string, title: string): Conversation {
    return this.write('rename the conversation', () => {
      this.get(id);
      this.target.db
        .prepare('UPDATE conversations SET title = ?, title_edited = 1 WHERE id = ?')
        .run(cleanTitle(title), id);
      return this.get(id);
    });
  }

  setPinned(id: string, pinned: boolean): Conversation {
    return this.write('pin the conversation', () => {
      this.get(id);
      this.target.db.prepare('UPDATE conversations SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, id);
      return this.get(id);
    });
  }

  delete(id: string): void {
    this.write('delete the conversation', () => {
      this.get(id);
      this.target.db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(id);
      this.target.db.prepare('DELETE FROM conversations WHERE id = ?').run(id);
    });
  }

  /** In the order they were written. */
  messages(conversationId: string): Message[] {
    this.get(conversationId);
    const rows = this.read(
      'read messages',
      () =>
        this.target.db
          .prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq')
          .all(conversationId) as MessageRow[],
    );
    return rows.map(toMessage);
  }

  getMessage(id: string): Message {
    return toMessage(this.messageRow(id));
  }

  /** A finished message; the first user message also names an untitled conversation. */
  addMessage(conversationId: string, message: NewMessage): Message {
    return this.write('save the message', () => {
      const conversation = this.get(conversationId);
      const id = this.insertMessage(conversationId, { ...message, status: 'complete' });
      if (message.role === 'user' && !conversation.titleEdited && !this.hasEarlierUserMessage(conversationId, id)) {
        this.target.db
          .prepare('UPDATE conversations SET title = ? WHERE id = ?')
          .run(titleFromMessage(message.content), conversationId);
      }
      return this.getMessage(id);
    });
  }

  /** Starts an empty assistant reply in 'streaming' state; deltas follow through appendToMessage. */
  beginAssistantMessage(conversationId: string, start: AssistantStart = {}): Message {
    return this.write('start the reply', () => {
      this.get(conversationId);
      const id = this.insertMessage(conversationId, { role: 'assistant', content: '', ...start, status: 'streaming' });
      return this.getMessage(id);
    });
  }

  /**
   * Hands a streaming reply that has no text yet to another model (its model was unreachable before the first token):
   * the same row continues, so no failed reply is left behind.
   */
  retargetAssistantMessage(id: string, start: Omit<AssistantStart, 'agentId'>): Message {
    return this.write('retarget the reply', () => {
      const row = this.requireStreaming(id);
      this.target.db
        .prepare(
          `UPDATE messages SET content = '', model_id = ?, router_label = ?, router_reason = ?, updated_at = ?
           WHERE seq = ?`,
        )
        .run(start.modelId ?? null, start.routerLabel ?? null, start.routerReason ?? null, this.clock.now(), row.seq);
      return this.getMessage(id);
    });
  }

  /** Saves a coalesced chunk of a streaming reply (the caller batches deltas, e.g. every ~250 ms). */
  appendToMessage(id: string, delta: string): void {
    if (delta.length === 0) return;
    this.write('save the reply', () => {
      const row = this.requireStreaming(id);
      this.target.db
        .prepare('UPDATE messages SET content = content || ?, updated_at = ? WHERE seq = ?')
        .run(delta, this.clock.now(), row.seq);
      this.touch(row.conversation_id);
    });
  }

  /** The final text replaces what was streamed, so a missed chunk can never survive into the record. */
  completeMessage(id: string, result: AssistantResult): Message {
    return this.write('finish the reply', () => {
      const row = this.requireStreaming(id);
      this.target.db
        .prepare(
          `UPDATE messages SET content = ?, metrics_json = ?, function_calls_json = ?, status = 'complete', updated_at = ?,
             model_id = COALESCE(?, model_id)
           WHERE seq = ?`,
        )
        .run(
          result.content,
          jsonOrNull(result.metrics),
          jsonOrNull(result.functionCalls),
          this.clock.now(),
          result.servedBy ?? null,
          row.seq,
        );
      this.touch(row.conversation_id);
      return this.getMessage(id);
    });
  }

  /**
   * Keeps whatever text was streamed (or `content`, the text streamed so far when the store could not keep up)
   * and records why the reply stopped ('incomplete': cut short by a crash). Uses the disk reserve when full.
   */
  failMessage(id: string, error: MessageError, status: 'error' | 'incomplete' = 'error', content?: string): Message {
    return this.critical(() =>
      this.write('record the failed reply', () => {
        const row = this.requireStreaming(id);
        const stored: MessageError = { code: error.code, message: error.message };
        this.target.db
          .prepare(`UPDATE messages SET status = ?, error_json = ?, content = ?, updated_at = ? WHERE seq = ?`)
          .run(status, JSON.stringify(stored), content ?? row.content, this.clock.now(), row.seq);
        this.touch(row.conversation_id);
        return this.getMessage(id);
      }),
    );
  }

  /** Run on open: replies left 'streaming' by a crash become 'incomplete' with a note. Returns how many. */
  recoverInterrupted(): number {
    return this.critical(() =>
      this.write('recover interrupted replies', () => {
        const error = JSON.stringify({ code: 'interrupted', message: INTERRUPTED_NOTE } satisfies MessageError);
        return this.target.db
          .prepare(
            `UPDATE messages SET status = 'incomplete', error_json = ?, updated_at = ? WHERE status = 'streaming'`,
          )
          .run(error, this.clock.now()).changes;
      }),
    );
  }

  /** Changes a user message's text before re-running from it (pair with truncateAfter). */
  editMessage(id: string, content: string): Message {
    return this.write('edit the message', () => {
      const row = this.messageRow(id);
      if (row.role !== 'user')
        throw new OutpostError('bad_request', 'Only user messages can be edited', { messageId: id });
      this.target.db
        .prepare('UPDATE messages SET content = ?, updated_at = ? WHERE seq = ?')
        .run(content, this.clock.now(), row.seq);
      this.touch(row.conversation_id);
      return this.getMessage(id);
    });
  }

  /** Deletes every message after this one in its conversation (edit-and-rerun, regenerate). Returns how many. */
  truncateAfter(messageId: string): number {
    return this.write('trim the conversation', () => {
      const row = this.messageRow(messageId);
      const removed = this.target.db
        .prepare('DELETE FROM messages WHERE conversation_id = ? AND seq > ?')
        .run(row.conversation_id, row.seq).changes;
      this.touch(row.conversation_id);
      return removed;
    });
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.read('search conversations', () => searchMessages(this.target.db, query, options));
  }

  exportConversation(id: string, format: ExportFormat): string {
    return renderConversation(this.get(id), this.messages(id), format);
  }

  private insertMessage(
    conversationId: string,
    message: NewMessage & AssistantStart & { status: MessageStatus },
  ): string {
    const id = this.newId();
    insertMessageRow(this.target.db, { id, conversationId, ...message }, this.clock.now());
    this.touch(conversationId);
    return id;
  }

  private hasEarlierUserMessage(conversationId: string, messageId: string): boolean {
    return !!this.target.db
      .prepare(`SELECT 1 FROM messages WHERE conversation_id = ? AND role = 'user' AND id != ? LIMIT 1`)
      .get(conversationId, messageId);
  }

  private messageRow(id: string): MessageRow {
    const row = this.read(
      'read the message',
      () => this.target.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined,
    );
    if (!row) throw noMessage(id);
    return row;
  }

  private requireStreaming(id: string): MessageRow {
    return requireStreaming(id, this.messageRow(id));
  }

  private touch(conversationId: string): void {
    this.target.db
      .prepare('UPDATE conversations SET updated_at = ? WHERE id = ?')
      .run(this.clock.now(), conversationId);
  }

  private write<T>(action: string, work: () => T): T {
    return writeTransaction(this.target, action, work);
  }

  private read<T>(action: string, work: () => T): T {
    return readQuery(this.target, action, work);
  }
}
