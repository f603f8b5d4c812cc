/**
 * Multi-agent routing: picks the team member for a user message. By default the router model answers with one
 * member number under a grammar (one generated token, so it cannot name anyone else); a team may ask for a
 * short reason too (JSON, slower) or route by embeddings instead (embeddingRouter.ts).
 */
import type { ChatMessage, GenerateRequest, GenerationPhases } from '@contract';
import { z } from 'zod';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import type { AgentDefinition } from '../agents/agentSchema';
import type { EmbeddingRouter } from './embeddingRouter';

export const MAX_REASON_CHARS = 40;
/** The router's answer for "beyond this team": one token like the member numbers, never a member's label. */
export const ESCALATE_LABEL = '0';
// Room for the JSON around the longest reason even when every character is a \uXXXX escape of one-byte tokens.
const REASON_MAX_TOKENS = 320;
/**
 * The router reads the start of a message only: what it is about shows early, and every character read is
 * evaluated before the decision (a pasted document would cost seconds). About 100 tokens of a real tokenizer.
 */
export const ROUTER_MESSAGE_CHARS = 400;
/**
 * …and of that, the first tokens only (cut in the worker with the model's tokenizer): the decision costs one
 * evaluated token each, and a message's first sentence or so says what it is about.
 */
export const ROUTER_MESSAGE_TOKENS = 24;

/** The start of `text` the router reads: at most ROUTER_MESSAGE_CHARS, cut at a word boundary when one is near. */
export function routerExcerpt(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= ROUTER_MESSAGE_CHARS) return trimmed;
  const cut = trimmed.slice(0, ROUTER_MESSAGE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > ROUTER_MESSAGE_CHARS * 0.8 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

export interface RouteChoice {
  memberId: string;
  /** Only when the team asks for one, or to say why the router fell back. */
  reason?: string;
  /** True when the router's reply was unusable and the first member took the turn. */
  fellBack: boolean;
  /** The router judged the message beyond local skill (only when the input offered `escalateTo`). */
  escalate?: boolean;
  via: 'model' | 'embedding';
  /** The model router's time split (prompt built in core, then the worker's phases). */
  phases?: GenerationPhases & { promptBuildMs: number; evaluatedTokens: number };
}

export interface RouteInput {
  team: AgentDefinition;
  /** The member definitions, in the team's order (their existence is checked by the caller). */
  members: readonly AgentDefinition[];
  routerModelId: string;
  text: string;
  requestId: string;
  signal: AbortSignal;
  /** Deterministic (temperature 0) unless given; tests vary it to sample many router outputs. */
  sampling?: { temperature?: number; seed?: number };
  /** Needed for a team whose router mode is 'embedding'; without a usable one the router model decides. */
  embeddings?: EmbeddingRouter;
  /** Offers the router an `escalate` answer, described as this bigger model (the team's escalation target). */
  escalateTo?: string;
}

/** Member labels the router model writes: "1".."8" are one token in every common tokenizer (teams have ≤ 8). */
export function routerLabels(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(index + 1));
}

export function routerSettings(team: AgentDefinition): { mode: 'model' | 'embedding'; reason: boolean } {
  return team.team?.router ?? { mode: 'model', reason: false };
}

/** The purpose each member is routed by (the team's line for it, else the member's own description). */
export function memberPurposes(team: AgentDefinition, members: readonly AgentDefinition[]): string[] {
  const purposes = new Map(team.team?.members.map((m) => [m.agentId, m.purpose]));
  return members.map((m) => purposes.get(m.id) ?? m.description);
}

/**
 * The system message depends only on the team (never on the user's text), so its evaluated tokens are a
 * prefix the worker reuses from one message to the next.
 */
export function routerMessages(
  team: AgentDefinition,
  members: readonly AgentDefinition[],
  text: string,
  withReason: boolean,
  escalateTo?: string,
): ChatMessage[] {
  const labels = routerLabels(members.length);
  const purposes = memberPurposes(team, members);
  const lines = members.map((m, i) => `${labels[i]}: ${purposes[i]} (${m.name})`);
  if (escalateTo !== undefined) {
    lines.push(`${ESCALATE_LABEL}: too hard for every member above; hand it to a bigger model (${escalateTo})`);
  }
  const answer = withReason
    ? 'Answer with JSON: {"member": "<number>", "reason": "<one short sentence>"}.'
    : 'Answer with the number of the member only.';
  const system = [
    team.systemPrompt.trim() || 'Pick the team member whose purpose best matches the user message.',
    'Team members (number: purpose):',
    ...lines,
    answer,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: routerExcerpt(text) },
  ];
}

/** One of the labels, nothing else: with single-token labels the whole decision is one generated token. */
export function labelGrammar(labels: readonly string[]): string {
  return `root ::= ${labels.map((label) => JSON.stringify(label)).join(' | ')}`;
}

export function reasonSchema(labels: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      member: { enum: [...labels] },
      reason: { type: 'string', maxLength: MAX_REASON_CHARS },
    },
    required: ['member', 'reason'],
  };
}

const ReasonReply = z.object({ member: z.string(), reason: z.string().optional().catch(undefined) });

/** Reads the router's reply (a bare label, or the reason JSON); anything unusable yields null. */
export function parseRouterReply(
  text: string,
  labels: readonly string[],
  withReason: boolean,
): { label: string; reason?: string } | null {
  if (!withReason) {
    const label = text.trim();
    return labels.includes(label) ? { label } : null;
  }
  try {
    const value = ReasonReply.safeParse(JSON.parse(text));
    if (!value.success || !labels.includes(value.data.member)) return null;
    const reason = (value.data.reason ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_CHARS);
    return { label: value.data.member, reason: reason || 'No reason given.' };
  } catch {
    return null;
  }
}

export async function routeMessage(
  lifecycle: Pick<ModelLifecycle, 'generate'>,
  input: RouteInput,
): Promise<RouteChoice> {
  const settings = routerSettings(input.team);
  const ids = input.members.map((m) => m.id);
  if (settings.mode === 'embedding' && input.embeddings?.available()) {
    const purposes = memberPurposes(input.team, input.members);
    const picked = await input.embeddings.pick(purposes, input.text, input.signal);
    return { memberId: ids[picked.index]!, fellBack: false, via: 'embedding' };
  }
  const buildStarted = performance.now();
  const memberLabels = routerLabels(ids.length);
  const labels = input.escalateTo === undefined ? memberLabels : [...memberLabels, ESCALATE_LABEL];
  const request: GenerateRequest = {
    requestId: input.requestId,
    modelId: input.routerModelId,
    messages: routerMessages(input.team, input.members, input.text, settings.reason, input.escalateTo),
    sampling: { temperature: 0, ...input.sampling, maxTokens: settings.reason ? REASON_MAX_TOKENS : 1 },
    stop: [],
    responseFormat: settings.reason
      ? { type: 'json_schema', schema: reasonSchema(labels) }
      : { type: 'grammar', gbnf: labelGrammar(labels) },
    // A local model scores the labels' tokens from one forward pass; the grammar serves engines that cannot.
    ...(settings.reason ? {} : { choices: labels }),
    functionCall: 'auto',
    origin: input.team.id,
    saveTurnState: false,
    lastMessageTokens: ROUTER_MESSAGE_TOKENS,
  };
  const promptBuildMs = performance.now() - buildStarted;
  const result = await lifecycle.generate(request, { signal: input.signal });
  if (result.finishReason === 'aborted') throw abortError();
  const phases = result.phases
    ? { phases: { promptBuildMs, evaluatedTokens: result.metrics.promptTokens, ...result.phases } }
    : {};
  const parsed = parseRouterReply(result.text, labels, settings.reason);
  if (parsed?.label === ESCALATE_LABEL) {
    return {
      memberId: ids[0]!,
      ...(parsed.reason ? { reason: parsed.reason } : {}),
      fellBack: false,
      via: 'model',
      escalate: true,
      ...phases,
    };
  }
  if (parsed) {
    const memberId = ids[labels.indexOf(parsed.label)]!;
    return { memberId, ...(parsed.reason ? { reason: parsed.reason } : {}), fellBack: false, via: 'model', ...phases };
  }
  return {
    memberId: ids[0]!,
    reason: `The router's reply was unusable (${result.finishReason}); the first member answers.`,
    fellBack: true,
    via: 'model',
    ...phases,
  };
}

function abortError(): Error {
  const error = new Error('Routing was stopped');
  error.name = 'AbortError';
  return error;
}
