/**
 * Hybrid escalation for one single-agent turn: local first; the agent's bigger model when the user asked, the
 * conversation outgrew the local context, or the local model failed the turn N times. Within the daily budget
 * only; an unreachable bigger model leaves the turn local. Every reply is marked why (its route label/reason).
 */
import { OutpostError, type Escalation } from '@contract';
import type { RouteLabel, TurnFallback, TurnResult } from '../agents/runtime/runtimeTypes';
import { describeRef } from './nodeRefs';
import type { UsageToday } from './remoteUsage';

export type EscalationTrigger = 'asked' | 'router' | 'context' | 'failures';

export interface EscalationRun {
  /**
   * Runs the turn on a model; resolves with the result and the tokens it used. `fallback` (AgentRuntime's) moves the
   * turn, in the same reply row, to another model when this one fails before the turn's first token.
   */
  run(
    modelId: string,
    route: RouteLabel | undefined,
    fallback?: (error: unknown) => TurnFallback | null,
  ): Promise<{ result: TurnResult; tokens: number }>;
  /** Does the conversation fit the local model? (history + system prompt + reply reserve vs its context) */
  fitsLocally(): Promise<boolean>;
  usage: { today(agentId: string): UsageToday; add(agentId: string, requests: number, tokens: number): void };
  /** Why a model is known to be out right now (a node marked down, disabled), else null: no attempt is made. */
  unavailable?(modelId: string): string | null;
}

const UNREACHABLE = new Set(['node_unavailable', 'offline', 'unauthorized']);

export async function runWithEscalation(
  agentId: string,
  localModel: string,
  route: RouteLabel | undefined,
  escalation: Escalation,
  /** true: the user asked ("Ask a bigger model"); `{ why }`: a team's router judged it beyond local skill. */
  asked: boolean | { why: string },
  d: EscalationRun,
): Promise<TurnResult> {
  if (asked === true) return escalate('asked', 'you asked for a bigger model');
  if (asked) return escalate('router', asked.why);
  if (escalation.whenContextTooLarge && !(await d.fitsLocally())) {
    return escalate('context', 'the conversation is longer than the local model’s context');
  }
  let last = await d.run(localModel, route);
  for (let failures = 1; last.result.status === 'error' && escalation.afterFailures > 0; failures++) {
    if (failures >= escalation.afterFailures) {
      return escalate(
        'failures',
        `the local model failed ${failures} time${failures === 1 ? '' : 's'} (${last.result.error?.code ?? 'error'})`,
      );
    }
    last = await d.run(localModel, route);
  }
  return last.result;

  async function escalate(trigger: EscalationTrigger, why: string): Promise<TurnResult> {
    const target = describeRef(escalation.to);
    const used = d.usage.today(agentId);
    const { requestsPerDay, tokensPerDay } = escalation.budget;
    const spent =
      (requestsPerDay > 0 && used.requests >= requestsPerDay) || (tokensPerDay > 0 && used.tokens >= tokensPerDay);
    if (spent) {
      return stayLocal(trigger, `today's escalation budget is used (${used.requests} requests, ${used.tokens} tokens)`);
    }
    // A node already known down gets no attempt: it would only leave a failed reply before the local one.
    const out = d.unavailable?.(escalation.to) ?? null;
    if (out) return stayLocal(trigger, `${target} is unreachable (${out})`);
    // Found unreachable before anything streamed: the same reply goes on locally (one reply, marked why).
    // After text streamed the turn ends with the node's typed error and keeps the partial text.
    const moved = { local: false };
    const escalated = await d.run(escalation.to, { label: `Escalated to ${target}`, reason: why }, (error) => {
      if (!unreachableBeforeFirstToken(error)) return null;
      moved.local = true;
      return { modelId: localModel, route: stayedLocal(`${target} is unreachable (${error.message})`) };
    });
    // Budget caps what the bigger model served: a request that never reached it costs nothing.
    if (!moved.local) d.usage.add(agentId, 1, escalated.tokens);
    return escalated.result;
  }

  async function stayLocal(trigger: EscalationTrigger, notice: string): Promise<TurnResult> {
    void trigger;
    return (await d.run(localModel, stayedLocal(notice))).result;
  }
}

function stayedLocal(notice: string): RouteLabel {
  return { label: 'Stayed local', reason: notice };
}

/** The bigger model could not be reached (down, offline mode, refused key) and nothing of its reply streamed. */
export function unreachableBeforeFirstToken(error: unknown): error is OutpostError {
  if (!(error instanceof OutpostError) || !UNREACHABLE.has(error.code)) return false;
  const details = error.details as { streamed?: unknown } | undefined;
  return details?.streamed !== true;
}
