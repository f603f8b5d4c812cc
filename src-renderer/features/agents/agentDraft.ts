/** The builder form's state (text as typed) and its mapping to and from an AgentDefinition. */
import {
  AgentDefinition,
  describeIssues,
  type AgentDefinitionInput,
  type ContextStrategy,
  type ToolPermission,
  type ValidationIssue,
} from '@contract';
import { escalationDraftFrom, escalationInput, type EscalationDraft } from './escalationDraft';
import { humanMessage, tidyIssues } from './fieldIssues';

export const SAMPLING_KEYS = ['temperature', 'topP', 'topK', 'minP', 'repeatPenalty', 'maxTokens', 'seed'] as const;
export type SamplingKey = (typeof SAMPLING_KEYS)[number];
const WHOLE_NUMBER_KEYS: ReadonlySet<SamplingKey> = new Set(['topK', 'maxTokens', 'seed']);

export interface MemberDraft {
  agentId: string;
  purpose: string;
}

export interface AgentDraft {
  id: string;
  /** False while the id still follows the name (new agents only). */
  idEdited: boolean;
  name: string;
  symbol: string;
  colour: string;
  description: string;
  systemPrompt: string;
  preferredModel: string;
  fallbackModel: string;
  /** Empty means "use the model's default". */
  sampling: Record<SamplingKey, string>;
  contextStrategy: ContextStrategy;
  reserveForReply: string;
  /** Enabled tools only; a tool missing here is not offered to the model. */
  tools: Record<string, ToolPermission>;
  memoryEnabled: boolean;
  autoExtract: boolean;
  maxRecalledFacts: string;
  knowledgeBaseIds: string[];
  knowledgeMode: 'automatic' | 'tool';
  knowledgeMaxChunks: number;
  knowledgeTokenBudget: number;
  starterPrompts: string[];
  kind: 'single' | 'team';
  members: MemberDraft[];
  routerModel: string;
  /** How the team picks a member, and whether the router model also writes a reason (slower). */
  routerMode: 'model' | 'embedding';
  routerReason: boolean;
  /** Hybrid escalation to a bigger (node) model; null: always local. */
  escalation: EscalationDraft | null;
}

const EMPTY_SAMPLING: Record<SamplingKey, string> = {
  temperature: '',
  topP: '',
  topK: '',
  minP: '',
  repeatPenalty: '',
  maxTokens: '',
  seed: '',
};

export const AVATAR_COLOURS = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#64748b'];

/** A blank agent; the model defaults to the first installed one so a new agent can run at once. */
export function newDraft(defaultModel = ''): AgentDraft {
  return {
    id: '',
    idEdited: false,
    name: '',
    symbol: '🤖',
    colour: AVATAR_COLOURS[0]!,
    description: '',
    systemPrompt: 'You are a helpful assistant. Answer clearly and briefly.',
    preferredModel: defaultModel,
    fallbackModel: '',
    sampling: { ...EMPTY_SAMPLING },
    contextStrategy: 'truncate-oldest',
    reserveForReply: '1024',
    tools: {},
    memoryEnabled: false,
    autoExtract: false,
    maxRecalledFacts: '5',
    knowledgeBaseIds: [],
    knowledgeMode: 'automatic',
    knowledgeMaxChunks: 4,
    knowledgeTokenBudget: 1200,
    starterPrompts: [],
    kind: 'single',
    members: [],
    routerModel: '',
    routerMode: 'model',
    routerReason: false,
    escalation: null,
  };
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

export function draftFromDefinition(agent: AgentDefinition): AgentDraft {
  const sampling = { ...EMPTY_SAMPLING };
  for (const key of SAMPLING_KEYS) sampling[key] = text(agent.sampling[key]);
  return {
    id: agent.id,
    idEdited: true,
    name: agent.name,
    symbol: agent.avatar.symbol,
    colour: agent.avatar.colour,
    description: agent.description,
    systemPrompt: agent.systemPrompt,
    preferredModel: agent.model.preferred,
    fallbackModel: agent.model.fallback ?? '',
    sampling,
    contextStrategy: agent.context.strategy,
    reserveForReply: String(agent.context.reserveForReply),
    tools: { ...agent.tools },
    memoryEnabled: agent.memory.enabled,
    autoExtract: agent.memory.autoExtract,
    maxRecalledFacts: String(agent.memory.maxRecalledFacts),
    knowledgeBaseIds: [...agent.knowledge.baseIds],
    knowledgeMode: agent.knowledge.mode,
    knowledgeMaxChunks: agent.knowledge.maxChunks,
    knowledgeTokenBudget: agent.knowledge.tokenBudget,
    starterPrompts: [...agent.starterPrompts],
    kind: agent.kind,
    members: agent.team?.members.map((m) => ({ ...m })) ?? [],
    routerModel: agent.team?.routerModel ?? '',
    routerMode: agent.team?.router.mode ?? 'model',
    routerReason: agent.team?.router.reason ?? false,
    escalation: escalationDraftFrom(agent.escalation),
  };
}

type NumberResult = { value: number | undefined; issue: string | null };

/** "" → not set; otherwise a finite number (whole when asked), else a message for the field. */
export function parseNumberField(raw: string, whole: boolean): NumberResult {
  const value = raw.trim();
  if (value === '') return { value: undefined, issue: null };
  const number = Number(value);
  if (!Number.isFinite(number)) return { value: undefined, issue: 'must be a number' };
  if (whole && !Number.isInteger(number)) return { value: undefined, issue: 'must be a whole number' };
  return { value: number, issue: null };
}

export interface DraftMapping {
  /** What is sent to core; numbers that did not parse are left out (and reported in `issues`). */
  input: AgentDefinitionInput;
  issues: ValidationIssue[];
}

/** The draft as a definition input, plus the problems only the text form can have (non-numbers). */
export function draftToInput(draft: AgentDraft): DraftMapping {
  const issues: ValidationIssue[] = [];
  const num = (path: string, raw: string, whole: boolean, required: boolean) => {
    const parsed = parseNumberField(raw, whole);
    if (parsed.issue) issues.push({ path, message: parsed.issue });
    else if (parsed.value === undefined && required) issues.push({ path, message: 'must not be empty' });
    return parsed.value;
  };

  const sampling: Partial<Record<SamplingKey, number>> = {};
  for (const key of SAMPLING_KEYS) {
    const value = num(`sampling.${key}`, draft.sampling[key], WHOLE_NUMBER_KEYS.has(key), false);
    if (value !== undefined) sampling[key] = value;
  }
  const reserveForReply = num('context.reserveForReply', draft.reserveForReply, true, true);
  const maxRecalledFacts = num('memory.maxRecalledFacts', draft.maxRecalledFacts, true, true);
  const fallback = draft.fallbackModel.trim();

  const input: AgentDefinitionInput = {
    id: draft.id,
    name: draft.name,
    avatar: { symbol: draft.symbol, colour: draft.colour },
    description: draft.description,
    systemPrompt: draft.systemPrompt,
    model: fallback === '' ? { preferred: draft.preferredModel } : { preferred: draft.preferredModel, fallback },
    sampling,
    context: {
      strategy: draft.contextStrategy,
      ...(reserveForReply === undefined ? {} : { reserveForReply }),
    },
    tools: { ...draft.tools },
    memory: {
      enabled: draft.memoryEnabled,
      autoExtract: draft.autoExtract,
      ...(maxRecalledFacts === undefined ? {} : { maxRecalledFacts }),
    },
    knowledge: {
      baseIds: [...draft.knowledgeBaseIds],
      mode: draft.knowledgeMode,
      maxChunks: draft.knowledgeMaxChunks,
      tokenBudget: draft.knowledgeTokenBudget,
    },
    starterPrompts: [...draft.starterPrompts],
    kind: draft.kind,
    ...(draft.kind === 'team'
      ? {
          team: {
            members: draft.members.map((m) => ({ ...m })),
            routerModel: draft.routerModel,
            router: { mode: draft.routerMode, reason: draft.routerReason },
          },
        }
      : {}),
    ...(escalationInput(draft.escalation, num) as Pick<AgentDefinitionInput, 'escalation'>),
  };
  return { input, issues };
}

export type DraftValidation =
  { ok: true; definition: AgentDefinition; issues: [] } | { ok: false; definition: null; issues: ValidationIssue[] };

/** Runs the exact schema core enforces; text-only problems come first so a field shows its own message. */
export function validateDraft(draft: AgentDraft): DraftValidation {
  const { input, issues } = draftToInput(draft);
  const parsed = AgentDefinition.safeParse(input);
  const schemaIssues = parsed.success ? [] : describeIssues(parsed.error);
  const all = tidyIssues([...issues, ...schemaIssues.map((i) => ({ path: i.path, message: humanMessage(i.message) }))]);
  if (parsed.success && all.length === 0) return { ok: true, definition: parsed.data, issues: [] };
  return { ok: false, definition: null, issues: all };
}

function comparable(draft: AgentDraft): string {
  const tools = Object.entries(draft.tools).sort(([x], [y]) => x.localeCompare(y));
  return JSON.stringify({ ...draft, idEdited: false, tools });
}

/** Compares drafts by content, ignoring tool order and whether the id was typed by hand. */
export function sameDraft(a: AgentDraft, b: AgentDraft): boolean {
  return comparable(a) === comparable(b);
}
