/** Runs one planned turn: routes a team's message to a member, then hands it to the AgentRuntime, streaming events. */
import type { TurnEvent } from '@contract';
import type { RuntimeEvent } from '../agents/runtime/runtimeTypes';
import { AgentRuntime } from '../agents/runtime/agentRuntime';
import { errorInfo } from '../agents/runtime/turnOutcome';
import { approximateTokens } from '../agents/runtime/promptBuilder';
import { runWithEscalation } from '../nodes/escalation';
import { describeRef } from '../nodes/nodeRefs';
import type { AgentRuntimeDeps, RouteLabel, RunTurnInput } from '../agents/runtime/runtimeTypes';
import type { AgentDefinition } from '../agents/agentSchema';
import type { ConversationPort } from '../conversations/conversationPort';
import type { RequestApproval } from '../tools/permissionPolicy';
import type { RequestForm } from '../tools/toolTypes';
import { modelMissing, type ModelResolver } from './modelResolver';
import { withOverrides, type TurnOverrides } from './turnOverrides';
import type { EmbeddingRouter } from './embeddingRouter';
import { routeMessage } from './teamRouter';
import type { TurnTarget } from './turnTarget';

export type { TurnTarget } from './turnTarget';

export interface TurnPlan {
  turnId: string;
  /** The conversation the runtime reads and writes: stored, or an API call's / preview's in-memory transcript. */
  storeConversationId: string;
  store: ConversationPort;
  agent: AgentDefinition;
  target: TurnTarget;
  userMessageId: string;
  userText: string;
  toolChoice: 'auto' | 'required';
  /** What an API client asked for this turn, applied within the agent's own limits. */
  overrides?: TurnOverrides;
  signal: AbortSignal;
  requestApproval: RequestApproval;
  /** Form cards (MCP elicitation); absent where no one can answer (then a server's form is declined). */
  requestForm?: RequestForm;
  /** Every event of the turn (text deltas included), tagged with the agent that produced it. */
  emit: (agentId: string, event: TurnEvent | Extract<RuntimeEvent, { type: 'token' }>) => void;
  /** Called once the router picked a member (so stopping that member's agent stops this turn too). */
  onMember?: (memberId: string) => void;
  /** "Ask a bigger model": run on the agent's escalation model. */
  escalate?: boolean;
}

/** Shared runtime dependencies; the store and the event sink are per turn. */
export type RuntimeBase = Omit<AgentRuntimeDeps, 'conversations' | 'events'> & {
  /** Teams routed by embeddings use it; without it they fall back to their router model. */
  routerEmbeddings?: EmbeddingRouter;
  /** Why an escalation model is known to be out now (a node marked down), else null (core/nodes' router). */
  knownUnavailable?: (modelId: string) => string | null;
};

export async function runPlannedTurn(base: RuntimeBase, models: ModelResolver, plan: TurnPlan): Promise<void> {
  let agent = plan.agent;
  let modelId: string;
  let route: RouteLabel | undefined;
  let routerEscalated: string | null = null;
  if (plan.target.kind === 'team') {
    const picked = await pickMember(base, models, plan, plan.target);
    if (!picked) return;
    ({ agent, modelId, route, routerEscalated } = picked);
  } else {
    modelId = plan.target.modelId;
  }
  agent = withOverrides(agent, plan.overrides);
  const run = async (model: string, label: RouteLabel | undefined, fallback?: RunTurnInput['fallback']) => {
    let tokens = 0;
    const runtime = new AgentRuntime({
      ...base,
      conversations: plan.store,
      events: (event) => {
        if (event.type === 'done') tokens = event.totals.completionTokens + event.totals.promptTokens;
        plan.emit(agent.id, event);
      },
    });
    const result = await runtime.runTurn({
      agent,
      conversationId: plan.storeConversationId,
      userMessageId: plan.userMessageId,
      modelId: model,
      route: label,
      signal: plan.signal,
      toolChoice: plan.toolChoice,
      ...(plan.overrides?.stop ? { stop: plan.overrides.stop } : {}),
      requestApproval: plan.requestApproval,
      ...(plan.requestForm ? { requestForm: plan.requestForm } : {}),
      ...(fallback ? { fallback } : {}),
    });
    return { result, tokens };
  };
  // A team's router answered "escalate": the member runs on the team's bigger model, within the team's budget.
  const teamEscalation = routerEscalated !== null ? plan.agent.escalation : undefined;
  const escalation = teamEscalation ?? agent.escalation;
  if (!escalation || !base.remoteUsage || (plan.target.kind === 'team' && !teamEscalation)) {
    await run(modelId, route);
    return;
  }
  const asked = routerEscalated !== null ? { why: routerEscalated } : plan.escalate === true;
  await runWithEscalation(teamEscalation ? plan.agent.id : agent.id, modelId, route, escalation, asked, {
    run,
    usage: base.remoteUsage,
    ...(base.knownUnavailable ? { unavailable: base.knownUnavailable } : {}),
    fitsLocally: async () => {
      const loaded = await base.lifecycle.load(modelId, undefined, plan.signal);
      const count = base.countTokens ?? approximateTokens;
      const history = plan.store.messages(plan.storeConversationId).reduce((sum, m) => sum + count(m.content), 0);
      return count(agent.systemPrompt) + history + agent.context.reserveForReply <= loaded.contextSize;
    },
  });
}

async function pickMember(
  base: RuntimeBase,
  models: ModelResolver,
  plan: TurnPlan,
  target: Extract<TurnTarget, { kind: 'team' }>,
): Promise<{ agent: AgentDefinition; modelId: string; route: RouteLabel; routerEscalated: string | null } | null> {
  const team = plan.agent;
  const escalateTo = team.escalation?.fromRouter && base.remoteUsage ? describeRef(team.escalation.to) : undefined;
  const started = base.clock.now();
  let choice;
  try {
    choice = await routeMessage(base.lifecycle, {
      team,
      members: target.members,
      routerModelId: target.routerModelId,
      text: plan.userText,
      requestId: `${plan.turnId}-route`,
      signal: plan.signal,
      ...(base.routerEmbeddings ? { embeddings: base.routerEmbeddings } : {}),
      ...(escalateTo !== undefined ? { escalateTo } : {}),
    });
  } catch (error) {
    if (plan.signal.aborted) plan.emit(team.id, { type: 'aborted', messageId: null, text: '', row: null });
    else plan.emit(team.id, { type: 'error', ...errorInfo(error), messageId: null, row: null });
    return null;
  }
  const member = target.members.find((m) => m.id === choice.memberId)!;
  plan.onMember?.(member.id);
  plan.emit(team.id, {
    type: 'routed',
    teamId: team.id,
    memberId: member.id,
    memberName: member.name,
    ...(choice.reason === undefined ? {} : { reason: choice.reason }),
    via: choice.via,
    decisionMs: Math.max(0, base.clock.now() - started),
    ...(choice.phases ? { phases: choice.phases } : {}),
  });
  const resolved = models.tryResolve(member);
  if (!resolved) {
    const missing = modelMissing(member.id, member.name, member.model.preferred, member.model.fallback);
    plan.emit(member.id, { type: 'error', code: missing.code, message: missing.message, messageId: null, row: null });
    return null;
  }
  return {
    agent: member,
    modelId: resolved.modelId,
    route: { label: member.name, reason: choice.reason ?? null },
    routerEscalated: choice.escalate
      ? `the team's router judged it beyond local skill${choice.reason ? ` (${choice.reason})` : ''}`
      : null,
  };
}
