/**
 * The turn's fallback (escalation sets it, core/nodes/escalation.ts): a model that fails before the turn's first
 * token hands the same reply row to the fallback model, so no failed reply is left behind.
 */
import type { AgentRuntimeDeps, RouteLabel, RunTurnInput, TurnFallback } from './runtimeTypes';
import { errorInfo } from './turnOutcome';

/** The part of a running turn the fallback reads and moves. */
export interface RetargetableTurn {
  readonly agent: { readonly id: string };
  readonly input: Pick<RunTurnInput, 'fallback' | 'signal'>;
  readonly totals: { readonly rounds: number };
  modelId: string;
  route: RouteLabel | undefined;
  /** The reply row the next round continues (set once the turn moved). */
  continueMessageId: string | null;
  /** The fallback is taken at most once per turn. */
  fallbackUsed: boolean;
  contextSize: number;
}

/** The turn's fallback for this failure, or null: asked once per turn, and only while nothing of the turn streamed. */
export function fallbackFor(turn: RetargetableTurn, streamed: string, error: unknown): TurnFallback | null {
  if (turn.totals.rounds > 0 || streamed !== '') return null;
  if (turn.fallbackUsed || !turn.input.fallback) return null;
  turn.fallbackUsed = true;
  return turn.input.fallback(error);
}

/** Nothing of the turn streamed yet: the same reply row goes on with the fallback model and its context size. */
export async function moveToFallback(
  d: Pick<AgentRuntimeDeps, 'conversations' | 'lifecycle' | 'logger'>,
  turn: RetargetableTurn,
  messageId: string,
  next: TurnFallback,
  error: unknown,
): Promise<void> {
  d.logger.warn('model unreachable before the first token; the turn goes on with its fallback', {
    agentId: turn.agent.id,
    from: turn.modelId,
    to: next.modelId,
    code: errorInfo(error).code,
  });
  d.conversations.retargetAssistantMessage(messageId, {
    modelId: next.modelId,
    routerLabel: next.route.label,
    routerReason: next.route.reason,
  });
  turn.modelId = next.modelId;
  turn.route = next.route;
  turn.continueMessageId = messageId;
  turn.contextSize = (await d.lifecycle.load(next.modelId, undefined, turn.input.signal)).contextSize;
}
