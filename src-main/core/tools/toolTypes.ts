import type { z } from 'zod';
import type { ElicitationForm, FormValue, ToolErrorCode, ToolMedia, ToolProgress } from '@contract';
import type { JsonSchemaObject } from './jsonSchema';

export type ToolPermission = 'allow' | 'ask' | 'deny';
export type ToolSideEffects = 'none' | 'reads-files' | 'writes-data';

/** Codes a tool result can carry back to the model, the audit log and the UI: the contract's closed list. */
export type { ToolErrorCode };

/** Thrown by a tool's run() for failures the model should read as they are (not a crash). */
export class ToolError extends Error {
  readonly code: ToolErrorCode;
  constructor(code: ToolErrorCode, message: string) {
    super(message);
    this.name = 'ToolError';
    this.code = code;
  }
}

export interface ToolContext {
  agentId: string;
  conversationId: string | null;
  callId: string;
  /** Aborted on timeout or when the caller gives up; long work must stop when it fires. */
  signal: AbortSignal;
  now: () => number;
  /**
   * Asks the user to approve something the tool needs mid-call (an MCP server sampling the model), as a card in
   * the call's conversation; resolves false when denied or unanswered. Absent where no one can answer.
   */
  askUser?: (request: { tool: string; title: string; args: unknown }, signal: AbortSignal) => Promise<boolean>;
  /** Shows a form card (MCP elicitation) in the call's conversation; absent where no one can answer (decline). */
  askForm?: AskForm;
  /** Progress for the tool card (an MCP server's progress notifications). */
  reportProgress?: (progress: ToolProgress) => void;
}

export interface FormRequest {
  tool: string;
  title: string;
  form: ElicitationForm;
}

/** The user's answer to a form card; 'cancel' also when it closed unanswered. */
export type FormAnswer =
  { action: 'accept'; values: Record<string, FormValue> } | { action: 'decline' } | { action: 'cancel' };

export type AskForm = (request: FormRequest, signal: AbortSignal) => Promise<FormAnswer>;

/** The turn's channel for form cards: each card has its own id and belongs to the call's conversation. */
export type RequestForm = (
  request: FormRequest & { callId: string; agentId: string; conversationId: string | null },
  signal: AbortSignal,
) => Promise<FormAnswer>;

/** A tool result with media for the card: the executor gives the model `text` and stores `media` with the call. */
export class ToolOutputWithMedia {
  constructor(
    readonly text: string,
    readonly media: ToolMedia[],
  ) {}
}

export interface ToolDefinition<I, O> {
  /** snake_case, what the model calls. */
  name: string;
  /** Shown to the user (approval cards, settings). */
  title: string;
  /** What the model reads: short and precise. */
  description: string;
  inputSchema: z.ZodType<I>;
  /** GBNF-compatible JSON schema the model's arguments are constrained to. */
  jsonSchema: JsonSchemaObject;
  /** The input schema handles grammar-forced nulls itself (MCP tools, whose servers may declare nullable fields). */
  keepsNullArguments?: boolean;
  defaultPermission: ToolPermission;
  sideEffects: ToolSideEffects;
  timeoutMs: number;
  /** 'builtin' unless the tool comes from elsewhere (an MCP server's id). */
  source?: string;
  /** What the user calls that source (the MCP server's name), shown instead of its id. */
  sourceName?: string;
  /** False while the tool cannot run (e.g. its MCP server is down); the registry still lists it. */
  isAvailable?: () => boolean;
  // Method syntax on purpose: lets a registry hold tools of different input types.
  run(input: I, ctx: ToolContext): Promise<O>;
}

export type AnyTool = ToolDefinition<unknown, unknown>;

/** Identity helper that keeps I and O inferred at the definition site. */
export function defineTool<I, O>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return tool;
}

/** Erases a tool's types for the registry; the executor parses input with the tool's own schema first. */
export function eraseTool<I, O>(tool: ToolDefinition<I, O>): AnyTool {
  return tool as unknown as AnyTool;
}

export interface ToolCallResult {
  ok: boolean;
  /** What goes back to the model, already wrapped as untrusted data. */
  content: string;
  /** The same output unwrapped (what the UI shows), and whether it was cut to the result cap. */
  output: string;
  truncated: boolean;
  data?: unknown;
  /** Media the tool returned (images, audio, links), for the tool card only. */
  media?: ToolMedia[];
  error?: { code: ToolErrorCode; message: string; issues?: unknown };
}
