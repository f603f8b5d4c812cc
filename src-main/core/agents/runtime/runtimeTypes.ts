/** The agent turn loop's inputs, outputs and the events it reports while running. */
import type { ErrorCode, TurnEvent, TurnTotals as TurnTotalsSchema } from '@contract';
import type { z } from 'zod';
import type { ConversationPort } from '../../conversations/conversationPort';
import type { ModelLifecycle } from '../../lifecycle/modelLifecycle';
import type { Clock, Logger } from '../../ports';
import type { AgentKnowledgePort } from '../../knowledge/agentKnowledge';
import type { FactStore } from '../../memory/factStore';
import type { RequestApproval } from '../../tools/permissionPolicy';
import type { ToolExecutor } from '../../tools/toolExecutor';
import type { RequestForm } from '../../tools/toolTypes';
import type { ToolRegistry } from '../../tools/toolRegistry';
import type { AgentDefinition } from '../agentSchema';

/** How a tool call was let through (or not): policy, the user, or neither because it never got that far. */
export type { ToolDecision } from '@contract';

export type TurnTotals = z.output<typeof TurnTotalsSchema>;

/**
 * Every step of a turn as the contract's TurnEvent carries it (the router's 'routed' is the chat layer's),
 * plus the reply's text deltas, which go to the caller's delta stream rather than out as events.
 */
export type RuntimeEvent =
  Exclude<TurnEvent, { type: 'routed' }> | { type: 'token'; round: number; messageId: string; delta: string };

export interface AgentRuntimeDeps {
  lifecycle: Pick<ModelLifecycle, 'load' | 'generate'>;
  /** The stored chat, or the in-memory transcript of an API call or preview. */
  conversations: ConversationPort;
  /** Builds the executor for one turn: ToolExecutor takes its approval channel at construction. */
  executorFor: (requestApproval: RequestApproval) => ToolExecutor;
  registry: ToolRegistry;
  facts?: FactStore;
  /** Escalated use per agent per day (core/nodes); without it agents never escalate. */
  remoteUsage?: {
    today(agentId: string): { requests: number; tokens: number };
    add(agentId: string, requests: number, tokens: number): void;
  };
  /** Knowledge bases: passages for the prompt (automatic mode), search_knowledge (tool mode), citations. */
  knowledge?: AgentKnowledgePort;
  events: (event: RuntimeEvent) => void;
  logger: Logger;
  clock: Clock;
  /** Approximation: ceil(chars / 3.5); pass the model's tokenizer count when it matters. */
  countTokens?: (text: string) => number;
  maxToolRounds?: number;
  persistEveryMs?: number;
}

/** Who handed the turn to this agent (a team's router); stored on each assistant reply. */
export interface RouteLabel {
  label: string;
  /** Null when the team's router gives no reason (the default). */
  reason: string | null;
}

interface RunTurnBase {
  agent: AgentDefinition;
  conversationId: string;
  /** The installed model to run (e.g. the agent's fallback); defaults to `agent.model.preferred`. */
  modelId?: string;
  route?: RouteLabel;
  signal: AbortSignal;
  /** Applies to the first round only; later rounds are 'auto' so the model can answer. */
  toolChoice?: 'auto' | 'required';
  /** Extra stop sequences for every round (an API client's `stop`). */
  stop?: string[];
  requestApproval: RequestApproval;
  /** Form cards a tool's server asks for (MCP elicitation); without it they are declined (jobs, API calls). */
  requestForm?: RequestForm;
  /**
   * Where the turn goes on when its model failed before anything of the turn streamed (an escalation's node found
   * unreachable): the same reply row continues there, so no failed reply is left. null: the turn fails as usual.
   */
  fallback?: (error: unknown) => TurnFallback | null;
}

export interface TurnFallback {
  modelId: string;
  route: RouteLabel;
}

/** Either a new user message (saved before the first await) or one already stored (regenerate, edit-and-rerun). */
export type RunTurnInput = RunTurnBase & ({ userText: string } | { userMessageId: string });

export interface TurnResult {
  status: 'done' | 'aborted' | 'error';
  userMessageId: string;
  /** The last assistant message written (the answer when status is 'done'). */
  messageId: string | null;
  error: { code: ErrorCode; message: string } | null;
}
