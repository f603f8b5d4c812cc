/** One running turn per conversation (or preview): its id, its stop switch, and the list the UI shows. */
import { OutpostError, type ActiveTurn } from '@contract';

export interface RunningTurn extends ActiveTurn {
  controller: AbortController;
  /** Agents whose data the turn touches (the team and the member it routed to); stopAgentTurns stops it. */
  agentIds: Set<string>;
  /** Settles when the turn has finished writing. */
  finished: Promise<void>;
}

export class ActiveTurns {
  private readonly turns = new Map<string, RunningTurn>();

  constructor(private readonly onChange: (active: ActiveTurn[]) => void) {}

  /** Throws `busy` while the conversation already has a turn running. */
  assertIdle(conversationId: string): void {
    const running = this.turns.get(conversationId);
    if (running) {
      throw new OutpostError('busy', 'A reply is still being written in this conversation; stop it or wait.', {
        conversationId,
        turnId: running.turnId,
      });
    }
  }

  add(turn: RunningTurn): void {
    this.assertIdle(turn.conversationId);
    this.turns.set(turn.conversationId, turn);
    this.onChange(this.list());
  }

  remove(turn: RunningTurn): void {
    if (this.turns.get(turn.conversationId) !== turn) return;
    this.turns.delete(turn.conversationId);
    this.onChange(this.list());
  }

  get(conversationId: string): RunningTurn | undefined {
    return this.turns.get(conversationId);
  }

  withAgent(agentId: string): RunningTurn[] {
    return [...this.turns.values()].filter((t) => t.agentId === agentId || t.agentIds.has(agentId));
  }

  all(): RunningTurn[] {
    return [...this.turns.values()];
  }

  list(): ActiveTurn[] {
    return this.all().map(({ turnId, conversationId, agentId, preview, startedAt }) => ({
      turnId,
      conversationId,
      agentId,
      preview,
      startedAt,
    }));
  }
}
