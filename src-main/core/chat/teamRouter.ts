/**
 * Multi-agent routing: a (small) router model picks the team member for a user message. The reply is
 * grammar-constrained to {"member": one of the member ids, "reason": short text}, so it cannot name anyone else.
 */
import type { ChatMessage, GenerateRequest } from '@contract';
import { z } from 'zod';
import type { ModelLifecycle } from '../lifecycle/modelLifecycle';
import type { AgentDefinition } from '../agents/agentSchema';

export const MAX_REASON_CHARS = 40;
// Room for the JSON around the longest reason even when every character is a \uXXXX escape of one-byte tokens.
const ROUTER_MAX_TOKENS = 320;

export interface RouteChoice {
  memberId: string;
  reason: string;
  /** True when the router's reply was unusable and the first member took the turn. */
  fellBack: boolean;
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
}

export function routerSchema(memberIds: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      member: { enum: [...memberIds] },
      reason: { type: 'string', maxLength: MAX_REASON_CHARS },
    },
    required: ['member', 'reason'],
  };
}

export function routerMessages(
  team: AgentDefinition,
  members: readonly AgentDefinition[],
  text: string,
): ChatMessage[] {
  const purposes = new Map(team.team?.members.map((m) => [m.agentId, m.purpose]));
  const lines = members.map((m) => `- ${m.id}: ${purposes.get(m.id) ?? m.description} (${m.name})`);
  const system = [
    team.systemPrompt.trim() || 'Pick the team member whose purpose best matches the user message.',
    'Team members (id: purpose):',
    ...lines,
    'Answer with JSON: {"member": "<id>", "reason": "<one short sentence>"}.',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: text },
  ];
}

const RouterReply = z.object({ member: z.string(), reason: z.string().optional().catch(undefined) });

/** Reads the router's JSON; anything unusable yields null (the caller falls back). */
export function parseRouterReply(
  text: string,
  memberIds: readonly string[],
): { member: string; reason: string } | null {
  try {
    const value = RouterReply.safeParse(JSON.parse(text));
    if (!value.success || !memberIds.includes(value.data.member)) return null;
    const reason = (value.data.reason ?? '').replace(/\s+/g, ' ').trim();
    return { member: value.data.member, reason: reason.slice(0, MAX_REASON_CHARS) };
  } catch {
    return null;
  }
}

export async function routeMessage(
  lifecycle: Pick<ModelLifecycle, 'generate'>,
  input: RouteInput,
): Promise<RouteChoice> {
  const ids = input.members.map((m) => m.id);
  const request: GenerateRequest = {
    requestId: input.requestId,
    modelId: input.routerModelId,
    messages: routerMessages(input.team, input.members, input.text),
    sampling: { temperature: 0, ...input.sampling, maxTokens: ROUTER_MAX_TOKENS },
    stop: [],
    responseFormat: { type: 'json_schema', schema: routerSchema(ids) },
    functionCall: 'auto',
    origin: input.team.id,
  };
  const result = await lifecycle.generate(request, { signal: input.signal });
  if (result.finishReason === 'aborted') throw abortError();
  const parsed = parseRouterReply(result.text, ids);
  if (parsed) return { memberId: parsed.member, reason: parsed.reason || 'No reason given.', fellBack: false };
  return {
    memberId: ids[0]!,
    reason: `The router's reply was unusable (${result.finishReason}); the first member answers.`,
    fellBack: true,
  };
}

function abortError(): Error {
  const error = new Error('Routing was stopped');
  error.name = 'AbortError';
  return error;
}
