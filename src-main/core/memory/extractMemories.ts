/**
 * Automatic memory: after a conversation, the agent's own model lists the facts worth keeping, constrained by a
 * JSON schema grammar so the answer always parses. Exact duplicates merge in the store; near-duplicates (by
 * embedding) replace the older wording instead of piling up.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GenerateRequest, GenerateResult } from '../../../src-preload/contract/inference';
import type { AgentDefinition } from '../agents/agentSchema';
import type { Logger } from '../ports';
import { type Fact, type FactStore, MAX_FACT_CHARS } from './factStore';
import type { MemoryService } from './memoryService';

export interface ExtractableMessage {
  id?: string;
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
}

export interface ExtractOptions {
  facts: FactStore;
  conversationId: string;
  signal: AbortSignal;
  logger: Logger;
  /** With it, a fact whose meaning matches a kept one (cosine ≥ nearDuplicate) updates that one. */
  memory?: MemoryService;
  maxFacts?: number;
  nearDuplicate?: number;
  /** Sampling seed, for reproducible runs. */
  seed?: number;
}

export interface ExtractResult {
  added: Fact[];
  merged: Fact[];
  /** Null when extraction ran (or was off); otherwise why nothing was stored. */
  error: string | null;
}

export const EXTRACTION_SYSTEM_PROMPT =
  'You keep long-term memory for an assistant. From the conversation, list at most {max} short, self-contained ' +
  'facts about the user or their work that will still matter in later conversations (preferences, names, ' +
  'dates, decisions). Skip greetings, questions, and anything said only by the assistant. Return [] if none.';

const TRANSCRIPT_CHARS = 6_000;

export function extractionSchema(maxFacts: number) {
  return {
    type: 'object',
    properties: { facts: { type: 'array', items: { type: 'string' }, maxItems: maxFacts } },
    required: ['facts'],
  };
}

/** Most recent turns first to survive the cut; the model reads them in order. */
function transcript(messages: readonly ExtractableMessage[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const m of [...messages].reverse()) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    const line = `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content.replace(/\s+/g, ' ').trim()}`;
    if (used + line.length > TRANSCRIPT_CHARS) break;
    used += line.length;
    lines.unshift(line);
  }
  return lines.join('\n');
}

export async function extractMemories(
  agent: AgentDefinition,
  messages: readonly ExtractableMessage[],
  lifecycle: { generate(request: GenerateRequest, options: { signal: AbortSignal }): Promise<GenerateResult> },
  options: ExtractOptions,
): Promise<ExtractResult> {
  const result: ExtractResult = { added: [], merged: [], error: null };
  if (!agent.memory.enabled || !agent.memory.autoExtract) return result;
  const text = transcript(messages);
  if (!text) return result;
  const maxFacts = options.maxFacts ?? 5;
  const generated = await lifecycle.generate(
    {
      requestId: `memory-extract-${randomUUID()}`,
      modelId: agent.model.preferred,
      messages: [
        { role: 'system', content: EXTRACTION_SYSTEM_PROMPT.replace('{max}', String(maxFacts)) },
        { role: 'user', content: `Conversation:\n${text}` },
      ],
      sampling: {
        temperature: 0.2,
        maxTokens: 120 * maxFacts,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      },
      stop: [],
      responseFormat: { type: 'json_schema', schema: extractionSchema(maxFacts) },
      functionCall: 'auto',
      origin: `memory:${agent.id}`,
    },
    { signal: options.signal },
  );
  if (generated.finishReason === 'aborted') return { ...result, error: 'cancelled' };
  const parsed = parseFacts(generated.text, maxFacts);
  if (!parsed.ok) {
    options.logger.warn('memory extraction returned an unusable answer', { agent: agent.id, error: parsed.error });
    return { ...result, error: parsed.error };
  }
  const lastMessageId = [...messages].reverse().find((m) => m.id)?.id ?? null;
  const source = `agent:${agent.id}/conversation:${options.conversationId}`;
  for (const fact of parsed.facts) {
    const near = await nearDuplicate(fact, agent.id, options);
    if (near) {
      result.merged.push(options.facts.update(near.id, { text: fact }) ?? near);
      continue;
    }
    const stored = options.facts.addOrMerge(agent.id, fact, source, {
      conversationId: options.conversationId,
      messageId: lastMessageId,
    });
    (stored.merged ? result.merged : result.added).push(stored.fact);
  }
  return result;
}

const Answer = z.object({ facts: z.array(z.string()) });

function parseFacts(text: string, maxFacts: number): { ok: true; facts: string[] } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the answer was not JSON' };
  }
  const answer = Answer.safeParse(json);
  if (!answer.success) return { ok: false, error: 'the answer did not match the facts schema' };
  const facts = answer.data.facts
    .map((f) => f.replace(/\s+/g, ' ').trim().slice(0, MAX_FACT_CHARS))
    .filter((f) => f.length >= 3);
  return { ok: true, facts: [...new Set(facts)].slice(0, maxFacts) };
}

async function nearDuplicate(text: string, agentId: string, options: ExtractOptions): Promise<Fact | null> {
  if (!options.memory) return null;
  const recalled = await options.memory.recall(agentId, text, { k: 1, signal: options.signal });
  const best = recalled.hits[0];
  const threshold = options.nearDuplicate ?? 0.92;
  if (!best || best.vectorSimilarity === null || best.vectorSimilarity < threshold) return null;
  return best.fact.agentId === agentId ? best.fact : null; // never rewrite a global fact from one agent's chat
}
