/**
 * `agent:<slug>` requests run the agent's full turn (prompt, memory, tools, permissions) through the chat
 * runtime, in a throwaway in-memory transcript (no database) so API traffic never fills the user's chat history.
 */
import { randomUUID } from 'node:crypto';
import { OutpostError } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import { MemoryTranscript } from '../conversations/memoryTranscript';
import type { ModelResolver } from '../chat/modelResolver';
import { runPlannedTurn, type RuntimeBase } from '../chat/turnRunner';
import { resolveTurnTarget, type TurnTarget } from '../chat/turnTarget';
import type { Clock } from '../ports';
import type { RequestApproval } from '../tools/permissionPolicy';
import { tapCitations } from './apiCitations';
import { AGENT_PREFIX, type CompletionOutcome, type PreparedCompletion } from './completionTypes';
import { ApiError, badRequest, fromCode, modelNotFound, toApiError } from './openaiErrors';
import type { ChatCompletionRequest } from './openaiSchemas';
import { refuseUnsupported, toChatMessages } from './openaiMapping';
import type { TurnOverrides } from '../chat/turnOverrides';

export interface AgentCompletionDeps {
  agents: { find(id: string): { definition: AgentDefinition } | null };
  models: ModelResolver;
  runtime: RuntimeBase;
  /** The user's "let agents run 'ask' tools over the API" setting; no one is at the screen to approve. */
  allowAskTools: () => boolean;
  clock: Clock;
}

/** History for the session: the client's user/assistant turns before its last user message; system text apart. */
function splitConversation(body: ChatCompletionRequest) {
  const messages = toChatMessages(body.messages);
  const last = messages.at(-1);
  if (!last || last.role !== 'user') throw badRequest('The last message to an agent must be from the user', 'messages');
  const history = messages
    .slice(0, -1)
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  return { history, text: last.content, system };
}

/** The client's sampling options, applied within the agent's own limits (see README: what agent models honour). */
function overridesOf(body: ChatCompletionRequest, system: string): TurnOverrides {
  const stop = body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  return {
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(body.temperature != null ? { temperature: body.temperature } : {}),
    ...(body.top_p != null ? { topP: body.top_p } : {}),
    ...(body.seed != null ? { seed: ((body.seed % 2 ** 32) + 2 ** 32) % 2 ** 32 } : {}),
    ...(stop ? { stop } : {}),
    ...(system ? { system } : {}),
  };
}

export function prepareAgentCompletion(d: AgentCompletionDeps, body: ChatCompletionRequest): PreparedCompletion {
  const slug = body.model.slice(AGENT_PREFIX.length);
  const agent = d.agents.find(slug)?.definition;
  if (!agent) throw modelNotFound(body.model);
  if ((body.tools?.length ?? 0) > 0) throw badRequest('Agents use their own tools; remove "tools"', 'tools');
  if (typeof body.tool_choice === 'object' && body.tool_choice !== null) {
    throw badRequest('For agents, tool_choice is "auto" or "required"', 'tool_choice');
  }
  if (body.response_format && body.response_format.type !== 'text') {
    throw badRequest('Agents answer in text; response_format is not supported for agents', 'response_format');
  }
  if (body.n != null && body.n !== 1) throw badRequest('Only n = 1 is supported', 'n');
  refuseUnsupported(body);
  const { history, text, system } = splitConversation(body);
  let target: TurnTarget;
  try {
    target = resolveTurnTarget(d, agent);
  } catch (error) {
    // The agent exists but its model is not installed: to a client that is a model it cannot use.
    if (error instanceof OutpostError && error.code === 'not_found') {
      throw new ApiError(404, 'invalid_request_error', 'model_not_found', error.message, 'model');
    }
    throw toApiError(error);
  }
  const requestId = randomUUID();
  const queueModelId = target.kind === 'single' ? target.modelId : target.routerModelId;
  const requestApproval: RequestApproval = async () => (d.allowAskTools() ? 'approve' : 'deny');

  return {
    requestId,
    queueModelId,
    async run(onDelta, signal): Promise<CompletionOutcome> {
      const transcript = new MemoryTranscript({ agentId: agent.id, history, text }, d.clock);
      const cited = tapCitations(d.runtime);
      let outcome: CompletionOutcome | null = null;
      let failure: ApiError | null = null;
      await runPlannedTurn(cited.runtime, d.models, {
        turnId: requestId,
        storeConversationId: transcript.conversationId,
        store: transcript,
        agent,
        target,
        userMessageId: transcript.userMessageId,
        userText: text,
        // 'required' makes the agent's first round call one of its own tools (OpenAI's tool_choice).
        toolChoice: body.tool_choice === 'required' ? 'required' : 'auto',
        overrides: overridesOf(body, system),
        signal,
        requestApproval,
        emit: (_agentId, event) => {
          if (event.type === 'token') onDelta(event.delta);
          else if (event.type === 'error') failure = fromCode(event.code, event.message);
          else if (event.type === 'done') {
            outcome = {
              text: transcript.getMessage(event.messageId).content,
              finishReason: event.finishReason ?? 'stop',
              toolCalls: [],
              promptTokens: event.totals.promptTokens,
              cachedTokens: 0,
              completionTokens: event.totals.completionTokens,
              citations: cited.taken(),
            };
          }
        },
      });
      if (outcome) return outcome;
      if (signal.aborted) throw new ApiError(499, 'invalid_request_error', 'client_closed', 'The client went away');
      throw failure ?? new ApiError(500, 'server_error', 'agent_failed', 'The agent turn ended without an answer');
    },
  };
}
