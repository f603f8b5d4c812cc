/**
 * A builder preview runs a draft agent against a throwaway conversation. The conversations table needs the
 * agent row (foreign key), so the preview gets its own in-memory database: nothing reaches the app database.
 */
import type { Database } from 'better-sqlite3';
import type { AgentDefinition } from '../agents/agentSchema';
import { AgentStore } from '../agents/agentStore';
import { ConversationStore } from '../conversations/conversationStore';
import type { Clock, Logger } from '../ports';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';

export interface PreviewSeed {
  agent: AgentDefinition;
  history: readonly { role: 'user' | 'assistant'; content: string }[];
  text: string;
}

export class PreviewSession {
  readonly conversations: ConversationStore;
  readonly conversationId: string;
  readonly userMessageId: string;
  private closed = false;

  private constructor(
    private readonly db: Database,
    seed: PreviewSeed,
    clock: Clock,
  ) {
    // better-sqlite3's in-memory name; the store only uses dbFile in error messages.
    const dbFile = ':memory:';
    new AgentStore(db, dbFile, clock).create(seed.agent);
    this.conversations = new ConversationStore({ db, dbFile, clock });
    this.conversationId = this.conversations.create(seed.agent.id).id;
    for (const message of seed.history) {
      this.conversations.addMessage(this.conversationId, { ...message, agentId: seed.agent.id });
    }
    this.userMessageId = this.conversations.addMessage(this.conversationId, {
      role: 'user',
      content: seed.text,
      agentId: seed.agent.id,
    }).id;
  }

  static open(seed: PreviewSeed, logger: Logger, clock: Clock): PreviewSession {
    const { db } = openDatabase(':memory:', migrations, logger, () => clock.now());
    try {
      return new PreviewSession(db, seed, clock);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
