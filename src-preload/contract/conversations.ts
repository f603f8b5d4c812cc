/** Conversations, their messages, and the events a running agent turn streams to the chat screen. */
import { z } from 'zod';
import { AgentDefinition, AgentId } from './agents';
import { ErrorCode } from './envelope';
import { FunctionCall, GenerationMetrics, GenerationPhases } from './inference';
import { ElicitationForm, ToolMedia, ToolProgress } from './toolExtras';

export const MessageRole = z.enum(['user', 'assistant', 'system', 'tool']);
/** 'streaming' only while a reply is written; after a crash recovery marks it 'incomplete'. */
export const MessageStatus = z.enum(['complete', 'streaming', 'incomplete', 'error']);

export const Conversation = z.object({
  id: z.string(),
  agentId: z.string(),
  title: z.string(),
  titleEdited: z.boolean(),
  pinned: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationView = z.output<typeof Conversation>;

export const StoredFunctionCall = FunctionCall.extend({ result: z.unknown().optional() });

/** 'expired': an "ask" card got no answer before the approval timeout (not a denial by the user). */
export const ToolDecision = z.enum([
  'allowed',
  'approved',
  'user-denied',
  'policy-denied',
  'expired',
  'not-run',
  'cancelled',
]);
export type ToolDecision = z.output<typeof ToolDecision>;

/** Why a tool call failed: the closed list tools, the executor and the audit log use. */
export const ToolErrorCode = z.enum([
  'unknown_tool',
  'invalid_args',
  'denied',
  'timeout',
  'aborted',
  'tool_failed',
  'not_found',
  'outside_grant',
  'no_grant',
  'not_a_file',
  'not_a_directory',
  'too_large',
  'binary_file',
  'math_error',
  'bad_input',
]);
export type ToolErrorCode = z.output<typeof ToolErrorCode>;

/** What one tool call returned, as stored on its tool row: the UI reads this, never the model-facing text. */
export const ToolResult = z.object({
  callId: z.string(),
  name: z.string(),
  ok: z.boolean(),
  /** The tool's output as the model read it (JSON text for structured values), cut to the result cap. */
  output: z.string(),
  truncated: z.boolean(),
  error: z.object({ code: ToolErrorCode, message: z.string() }).nullable(),
  /** Null for rows written before decisions were stored. */
  decision: ToolDecision.nullable(),
  /** Images, audio and resource links the tool returned (MCP), shown in the card. */
  media: z.array(ToolMedia).optional(),
});
export type ToolResult = z.output<typeof ToolResult>;

/** Why a stored reply ended badly: the contract's error codes, plus a crash ('interrupted') and a cut-off forced call. */
export const ReplyErrorCode = z.enum([...ErrorCode.options, 'interrupted', 'tool_call_cut_off']);
export type ReplyErrorCode = z.output<typeof ReplyErrorCode>;

export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: MessageRole,
  content: z.string(),
  /** The agent that answered; inside a team, the member the router picked. */
  agentId: z.string().nullable(),
  routerLabel: z.string().nullable(),
  routerReason: z.string().nullable(),
  modelId: z.string().nullable(),
  metrics: GenerationMetrics.nullable(),
  functionCalls: z.array(StoredFunctionCall).nullable(),
  /** Tool rows only: the call's structured result. */
  toolResult: ToolResult.nullable(),
  status: MessageStatus,
  error: z.object({ code: ReplyErrorCode, message: z.string() }).nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type MessageView = z.output<typeof Message>;

/**
 * A stored row as a turn event carries it, without what the client has already: the conversation (the event
 * names it), and `content` when it is a reply's text that streamed as `chat.delta` unchanged, or a tool row's
 * model-facing text (its `toolResult` says it all). `contentLength` lets a client that missed deltas notice.
 */
export const TurnMessage = Message.omit({ content: true, conversationId: true }).extend({
  content: z.string().optional(),
  contentLength: z.number(),
});
export type TurnMessage = z.output<typeof TurnMessage>;

export const SearchHit = z.object({
  conversationId: z.string(),
  conversationTitle: z.string(),
  agentId: z.string(),
  messageId: z.string(),
  role: MessageRole,
  /** Matched words are wrapped in \u0002 … \u0003 (never present in stored text). */
  snippet: z.string(),
  rank: z.number(),
  createdAt: z.number(),
});
export type SearchHitView = z.output<typeof SearchHit>;

export const ConversationIdInput = z.object({ conversationId: z.string().min(1).max(100) }).strict();

const UserText = z.string().trim().min(1, 'must not be empty').max(100_000);

export const SendInput = z
  .object({
    conversationId: z.string().min(1).max(100),
    text: UserText,
    /** 'required' forces a tool call in the first round (useful for small models). */
    toolChoice: z.enum(['auto', 'required']).default('auto'),
  })
  .strict();

export const EditAndRerunInput = z.object({ messageId: z.string().min(1).max(100), text: UserText }).strict();

/** A live preview of an unsaved agent in the builder: no conversation is stored. */
export const PreviewInput = z
  .object({
    /** Chosen by the renderer so it can match events and stop the preview. */
    previewId: z.string().min(1).max(100),
    agent: AgentDefinition,
    history: z
      .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(100_000) }).strict())
      .max(50)
      .default([]),
    text: UserText,
    /** As in chat.send: 'required' forces a tool call in the first round. */
    toolChoice: z.enum(['auto', 'required']).default('auto'),
  })
  .strict();

export const TurnStarted = z.object({
  turnId: z.string(),
  conversationId: z.string(),
  /** The user message this turn answers. */
  userMessageId: z.string(),
});
export type TurnStarted = z.output<typeof TurnStarted>;

export const TurnTotals = z.object({
  rounds: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalMs: z.number(),
});

/** One step of a running turn, in order. */
export const TurnEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('routed'),
    teamId: z.string(),
    memberId: z.string(),
    memberName: z.string(),
    /** The router's one-line reason when the team asks for one (or why it fell back to the first member). */
    reason: z.string().optional(),
    /** How the member was picked and how long it took (from the turn's start to this event). */
    via: z.enum(['model', 'embedding']).optional(),
    decisionMs: z.number().nonnegative().optional(),
    /** Where the decision's time went: building the router prompt in core, then the worker's phases (model router). */
    phases: GenerationPhases.extend({
      promptBuildMs: z.number().nonnegative(),
      /** Prompt tokens the router model had to evaluate (the rest of its prompt was held or restored). */
      evaluatedTokens: z.number().int().nonnegative(),
    }).optional(),
  }),
  z.object({
    type: z.literal('round-started'),
    round: z.number(),
    messageId: z.string(),
    withTools: z.boolean(),
    forcedText: z.boolean(),
  }),
  z.object({
    type: z.literal('context'),
    round: z.number(),
    usedTokens: z.number(),
    budget: z.number(),
    droppedMessages: z.number(),
    memoryIncluded: z.boolean(),
  }),
  z.object({
    type: z.literal('tool-call-started'),
    round: z.number(),
    callId: z.string(),
    name: z.string(),
    args: z.unknown(),
  }),
  /** A running call reported progress (an MCP server's notifications/progress). */
  z.object({
    type: z.literal('tool-call-progress'),
    round: z.number(),
    callId: z.string(),
    progress: ToolProgress,
  }),
  z.object({
    type: z.literal('tool-call-finished'),
    round: z.number(),
    callId: z.string(),
    name: z.string(),
    ok: z.boolean(),
    decision: ToolDecision,
    error: z.object({ code: ToolErrorCode, message: z.string() }).nullable(),
    resultMessageId: z.string(),
    /** The stored tool row (its `toolResult` is the structured result). */
    resultRow: TurnMessage,
  }),
  /** A round that did not answer (it called tools, or its forced call was cut off): its row as stored. */
  z.object({ type: z.literal('round-ended'), round: z.number(), row: TurnMessage }),
  z.object({ type: z.literal('tool-rounds-exhausted'), rounds: z.number() }),
  z.object({
    type: z.literal('aborted'),
    messageId: z.string().nullable(),
    text: z.string(),
    /** The stopped reply as stored, when one was written. */
    row: TurnMessage.nullable(),
  }),
  z.object({
    type: z.literal('error'),
    code: ErrorCode,
    message: z.string(),
    messageId: z.string().nullable(),
    /** The failed reply as stored, when one was written. */
    row: TurnMessage.nullable(),
  }),
  z.object({
    type: z.literal('done'),
    messageId: z.string(),
    /** The answer as stored, with its metrics (its text only when it differs from what streamed). */
    row: TurnMessage,
    totals: TurnTotals,
    /** Why the answering round ended: 'length' when it hit the reply limit. */
    finishReason: z.enum(['stop', 'length']).optional(),
  }),
]);
export type TurnEvent = z.output<typeof TurnEvent>;

/**
 * A piece of a reply's text, batched (~10 per second): it crosses the wire once. Kept apart from `chat.event`
 * so the most frequent frame is also the smallest.
 */
export const ChatDelta = z.object({
  /** The stored conversation, or the builder's previewId. */
  conversationId: z.string(),
  messageId: z.string(),
  delta: z.string(),
});
export type ChatDelta = z.output<typeof ChatDelta>;

export const ChatEvent = z.object({
  turnId: z.string(),
  /** The stored conversation, or the builder's previewId for a preview turn. */
  conversationId: z.string(),
  preview: z.boolean(),
  agentId: z.string(),
  event: TurnEvent,
});
export type ChatEvent = z.output<typeof ChatEvent>;

/** An "ask" tool call waiting for the user; `open: false` closes the card (answered, timed out, stopped). */
export const ApprovalRequestEvent = z.object({
  callId: z.string(),
  turnId: z.string(),
  conversationId: z.string(),
  agentId: AgentId,
  tool: z.string(),
  title: z.string(),
  args: z.unknown(),
  /** Present when a server asks the user to fill in a form (MCP elicitation) rather than approve or deny. */
  form: ElicitationForm.optional(),
  open: z.boolean(),
  /** For a form: 'approved' = accepted and sent, 'denied' = declined, 'cancelled' = dismissed. */
  outcome: z.enum(['pending', 'approved', 'denied', 'cancelled', 'expired']),
});
export type ApprovalRequestEvent = z.output<typeof ApprovalRequestEvent>;

export const ActiveTurn = z.object({
  turnId: z.string(),
  conversationId: z.string(),
  agentId: z.string(),
  preview: z.boolean(),
  startedAt: z.number(),
});
export type ActiveTurn = z.output<typeof ActiveTurn>;
