/** Full-text search over messages (FTS5), scoped to one agent when asked. */
import type { Database } from 'better-sqlite3';
import { toFtsQuery } from '../storage/ftsQuery';
import { HIGHLIGHT_END, HIGHLIGHT_START } from './searchSnippets';
import type { MessageRole } from './conversationTypes';

export interface SearchOptions {
  agentId?: string;
  limit?: number;
}

export interface SearchHit {
  conversationId: string;
  conversationTitle: string;
  agentId: string;
  messageId: string;
  role: MessageRole;
  /** Text around the match; matched words are wrapped in HIGHLIGHT_START / HIGHLIGHT_END. */
  snippet: string;
  /** bm25 score: lower is a better match (hits come best first). */
  rank: number;
  createdAt: number;
}

const SNIPPET_TOKENS = 12;

export function searchMessages(db: Database, query: string, options: SearchOptions): SearchHit[] {
  const match = toFtsQuery(query, { mode: 'all', prefix: true });
  if (match === null) return [];
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 200);
  return db
    .prepare(
      `SELECT c.id AS conversationId, c.title AS conversationTitle, c.agent_id AS agentId, m.id AS messageId,
              m.role AS role, snippet(messages_fts, 0, @start, @end, '…', @tokens) AS snippet,
              messages_fts.rank AS rank, m.created_at AS createdAt
       FROM messages_fts
       JOIN messages m ON m.seq = messages_fts.rowid
       JOIN conversations c ON c.id = m.conversation_id
       WHERE messages_fts MATCH @match AND (@agentId IS NULL OR c.agent_id = @agentId)
       ORDER BY messages_fts.rank, m.seq DESC
       LIMIT @limit`,
    )
    .all({
      match,
      agentId: options.agentId ?? null,
      limit,
      start: HIGHLIGHT_START,
      end: HIGHLIGHT_END,
      tokens: SNIPPET_TOKENS,
    }) as SearchHit[];
}
