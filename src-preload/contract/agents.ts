/** What an agent is: the one schema the store, the portable file, the builder form and the templates share. */
import { z } from 'zod';
import { SamplingParams } from './inference';

const oneOf = (values: readonly string[]) => `must be one of ${values.join(', ')}`;

export const AGENT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_SYSTEM_PROMPT_CHARS = 32_000;
export const MAX_STARTER_PROMPTS = 6;

export const AgentId = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(AGENT_ID_PATTERN, 'must be a slug: lowercase letters, digits and single dashes');

const PERMISSIONS = ['allow', 'ask', 'deny'] as const;
export const ToolPermission = z.enum(PERMISSIONS, { error: oneOf(PERMISSIONS) });
export type ToolPermission = z.infer<typeof ToolPermission>;

export const ToolName = z.string().regex(TOOL_NAME_PATTERN, 'tool names are snake_case (a-z, 0-9, _), at most 64');

const STRATEGIES = ['truncate-oldest', 'summarise-oldest'] as const;
export const ContextStrategy = z.enum(STRATEGIES, { error: oneOf(STRATEGIES) });
export type ContextStrategy = z.infer<typeof ContextStrategy>;

const ModelRef = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

// The contract's ranges, but strict so an imported typo is reported, not ignored.
export const AgentSampling = z.strictObject(SamplingParams.shape);

export const Escalation = z.strictObject({
  to: ModelRef,
  /** The reply's "Ask a bigger model" button. */
  onRequest: z.boolean().default(true),
  /** The local model failed the turn this many times in a row (0: never escalate on failure). */
  afterFailures: z.number().int().min(0).max(5).default(2),
  /** The conversation no longer fits the local model's context. */
  whenContextTooLarge: z.boolean().default(true),
  /** Teams: the router may answer "escalate" (beyond the members' skill); the first member answers on `to`. */
  fromRouter: z.boolean().default(false),
  /** Caps on escalated use per agent per day (cloud cost); 0 means no cap. */
  budget: z
    .strictObject({
      requestsPerDay: z.number().int().min(0).max(100_000).default(50),
      tokensPerDay: z.number().int().min(0).max(100_000_000).default(200_000),
    })
    .default({ requestsPerDay: 50, tokensPerDay: 200_000 }),
});
export type Escalation = z.output<typeof Escalation>;

export const TeamMember = z.strictObject({
  agentId: AgentId,
  purpose: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[^\r\n]*$/, 'must be one line'),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamSettings = z.strictObject({
  members: z.array(TeamMember).min(1, 'a team needs at least one member').max(8, 'a team has at most 8 members'),
  /** Model that picks the member for each user message; small and fast is fine. */
  routerModel: ModelRef,
  router: z
    .strictObject({
      /** 'model': the router model answers with a member number; 'embedding': the message is compared with each purpose. */
      mode: z.enum(['model', 'embedding']).default('model'),
      /** A one-line reason from the router model; off by default because its tokens cost most of the decision. */
      reason: z.boolean().default(false),
    })
    .default({ mode: 'model', reason: false }),
});

const KINDS = ['single', 'team'] as const;

export const AgentDefinition = z
  .strictObject({
    id: AgentId,
    name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    avatar: z.strictObject({
      /** An emoji or up to 3 initials. */
      symbol: z.string().trim().min(1, 'must not be empty').max(8, 'must be an emoji or up to 3 initials'),
      colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #3b82f6'),
    }),
    description: z.string().max(500, 'must be at most 500 characters').default(''),
    systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_CHARS, `must be at most ${MAX_SYSTEM_PROMPT_CHARS} characters`),
    model: z.strictObject({
      /** An installed model id or a catalog model id (downloaded on demand). */
      preferred: ModelRef,
      fallback: ModelRef.optional(),
    }),
    sampling: AgentSampling.default({}),
    context: z
      .strictObject({
        strategy: ContextStrategy.default('truncate-oldest'),
        /** Tokens kept free for the reply when fitting history into the context. */
        reserveForReply: z.number().int().min(64).max(32_768).default(1024),
      })
      .default({ strategy: 'truncate-oldest', reserveForReply: 1024 }),
    tools: z.record(ToolName, ToolPermission).default({}),
    memory: z
      .strictObject({
        enabled: z.boolean().default(false),
        autoExtract: z.boolean().default(false),
        maxRecalledFacts: z.number().int().min(0).max(50).default(5),
      })
      .default({ enabled: false, autoExtract: false, maxRecalledFacts: 5 }),
    /**
     * Knowledge bases the agent answers from, with numbered citations. automatic: the best passages join the
     * prompt within tokenBudget; tool: the model calls search_knowledge itself.
     */
    knowledge: z
      .strictObject({
        baseIds: z.array(z.string().min(1).max(100)).max(20, 'at most 20 knowledge bases').default([]),
        mode: z.enum(['automatic', 'tool']).default('automatic'),
        maxChunks: z.number().int().min(1).max(20).default(4),
        tokenBudget: z.number().int().min(100).max(8000).default(1200),
      })
      .default({ baseIds: [], mode: 'automatic', maxChunks: 4, tokenBudget: 1200 }),
    starterPrompts: z
      .array(z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'))
      .max(MAX_STARTER_PROMPTS, `at most ${MAX_STARTER_PROMPTS} starter prompts`)
      .default([]),
    kind: z.enum(KINDS, { error: oneOf(KINDS) }).default('single'),
    team: TeamSettings.optional(),
    /** Hybrid escalation: local first, a bigger model (usually `node:<id>/<model>`) when a trigger fires. */
    escalation: Escalation.optional(),
  })
  .superRefine((agent, ctx) => {
    if (agent.kind === 'team' && !agent.team) {
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'a team agent needs team members and a router model' });
    }
    if (agent.kind === 'single' && agent.team) {
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'only a team agent has team settings' });
    }
    agent.team?.members.forEach((member, index) => {
      if (member.agentId === agent.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['team', 'members', index, 'agentId'],
          message: 'a team cannot contain itself',
        });
      }
    });
  });

/** A definition as stored and used: every default filled in. */
export type AgentDefinition = z.output<typeof AgentDefinition>;
/** A definition as written by a person or a file: defaults may be left out. */
export type AgentDefinitionInput = z.input<typeof AgentDefinition>;

export interface ValidationIssue {
  /** Dotted path, e.g. `agent.tools.read_file`; empty for the whole document. */
  path: string;
  message: string;
}

/** Flattens zod issues into path + message pairs a person can act on; unknown keys get one issue each. */
export function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: joinPath([...base, key]), message: 'unknown field' });
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      issues.push({ path: joinPath(base), message: `invalid name: ${inner}` });
    } else {
      issues.push({ path: joinPath(base), message: issue.message });
    }
  }
  return issues;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replace(/\.\[/g, '[');
}

export const AgentIdInput = z.object({ id: AgentId }).strict();

export const StoredAgent = z.object({
  definition: AgentDefinition,
  /** Starts at 1, grows by one on every update or restore. */
  version: z.number().int().positive(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type StoredAgent = z.output<typeof StoredAgent>;

export const AgentVersion = z.object({
  version: z.number().int().positive(),
  savedAt: z.number(),
  current: z.boolean(),
  definition: AgentDefinition,
});
export type AgentVersion = z.output<typeof AgentVersion>;

export const AgentRequirements = z.strictObject({
  /** Smallest context (tokens) the agent works in. */
  minContext: z.number().int().min(256).max(1_048_576).optional(),
  /** The agent relies on tools, so its model must handle function calling. */
  toolCalling: z.boolean(),
  suggestedModels: z.array(z.string().trim().min(1).max(200)).max(10, 'at most 10 suggested models'),
});
export type AgentRequirements = z.infer<typeof AgentRequirements>;

export const PortableFormat = z.enum(['json', 'yaml']);
export type PortableFormat = z.infer<typeof PortableFormat>;

export const ImportedAgent = z.object({
  agent: StoredAgent,
  /** Set when the file's id was taken and the agent was saved under a new one. */
  renamedFrom: z.string().nullable(),
  requirements: AgentRequirements,
});
export type ImportedAgent = z.output<typeof ImportedAgent>;

export const ImportAgentsInput = z
  .object({
    files: z
      .array(z.object({ name: z.string().min(1).max(255), content: z.string().max(300 * 1024) }).strict())
      .min(1)
      .max(20),
  })
  .strict();

export const ExportedFile = z.object({ fileName: z.string(), content: z.string(), mimeType: z.string() });
export type ExportedFile = z.output<typeof ExportedFile>;

/** Whether an agent can run right now, and if not, what the user should do. */
export const AgentReadiness = z.object({
  agentId: z.string(),
  /** The model a turn would use now (the fallback when the preferred one is missing), or null. */
  modelId: z.string().nullable(),
  usingFallback: z.boolean(),
  problem: z.enum(['model_missing', 'member_missing']).nullable(),
  message: z.string().nullable(),
});
export type AgentReadiness = z.output<typeof AgentReadiness>;

export const ToolInfo = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  defaultPermission: ToolPermission,
  sideEffects: z.enum(['none', 'reads-files', 'writes-data']),
  /** Where the tool comes from: built in, or an MCP server's id. */
  source: z.string(),
  /** The MCP server's name for tools from one; null for built-ins. */
  sourceName: z.string().nullable().default(null),
  available: z.boolean(),
});
export type ToolInfo = z.output<typeof ToolInfo>;

export const AuditRecord = z.object({
  id: z.number(),
  agentId: z.string(),
  conversationId: z.string().nullable(),
  callId: z.string(),
  tool: z.string(),
  argsJson: z.string(),
  decision: z.enum(['allow', 'ask-approved', 'ask-denied', 'deny', 'invalid', 'unknown']),
  outcome: z.enum(['ok', 'error', 'timeout']),
  errorCode: z.string().nullable(),
  resultBytes: z.number(),
  startedAt: z.number(),
  finishedAt: z.number(),
});
export type AuditRecord = z.output<typeof AuditRecord>;

export const FolderGrant = z.object({
  id: z.number(),
  path: z.string(),
  /** null: every agent may read it. */
  agentId: z.string().nullable(),
  createdAt: z.number(),
});
export type FolderGrant = z.output<typeof FolderGrant>;
