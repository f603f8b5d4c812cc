/** Escalated use per agent per (UTC) day, for the agent's budget: requests and tokens in `remote_usage`. */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { writeTransaction } from '../storage/transactions';

const Row = z.object({ requests: z.number().int(), tokens: z.number().int() });

export interface UsageToday {
  requests: number;
  tokens: number;
}

export class RemoteUsage {
  constructor(
    private readonly db: Database,
    private readonly dbFile: string,
    private readonly now: () => number,
  ) {}

  today(agentId: string): UsageToday {
    const row = Row.safeParse(
      this.db
        .prepare('SELECT requests, tokens FROM remote_usage WHERE agent_id = ? AND day = ?')
        .get(agentId, this.day()),
    );
    return row.success ? row.data : { requests: 0, tokens: 0 };
  }

  add(agentId: string, requests: number, tokens: number): void {
    writeTransaction({ db: this.db, dbFile: this.dbFile }, 'record escalated use', () =>
      this.db
        .prepare(
          `INSERT INTO remote_usage (agent_id, day, requests, tokens) VALUES (?, ?, ?, ?)
           ON CONFLICT(agent_id, day) DO UPDATE SET requests = requests + excluded.requests, tokens = tokens + excluded.tokens`,
        )
        .run(agentId, this.day(), requests, tokens),
    );
  }

  private day(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }
}
