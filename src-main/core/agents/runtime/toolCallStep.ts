/**
 * One tool call of a round: run it through the turn's executor (with the agent's permissions and its approval
 * channel), store its result as a `role: 'tool'` row and report it.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionCall } from '@contract';
import type { ToolExecutor } from '../../tools/toolExecutor';
import type { AgentDefinition } from '../agentSchema';
import { toolsOf } from './agentTools';
import type { AgentRuntimeDeps, RunTurnInput } from './runtimeTypes';
import { decisionOf, type Asked } from './turnOutcome';
import { turnMessage } from './turnRows';

/** The part of a running turn a tool call reads. */
export interface ToolCallTurn {
  readonly agent: AgentDefinition;
  readonly input: Pick<RunTurnInput, 'conversationId' | 'signal' | 'requestForm'>;
  readonly modelId: string;
  readonly executor: ToolExecutor;
  /** What the user answered to each "ask" card, by call id. */
  readonly asked: ReadonlyMap<string, Asked>;
}

export async function runToolCall(
  d: Pick<AgentRuntimeDeps, 'events' | 'conversations'>,
  turn: ToolCallTurn,
  round: number,
  call: FunctionCall,
): Promise<void> {
  const { agent, input } = turn;
  const callId = randomUUID();
  d.events({ type: 'tool-call-started', round, callId, name: call.name, args: call.params });
  const result = await turn.executor.execute({
    callId,
    name: call.name,
    params: call.params,
    agentId: agent.id,
    conversationId: input.conversationId,
    permissions: toolsOf(agent),
    signal: input.signal,
    ...(input.requestForm ? { requestForm: input.requestForm } : {}),
    onProgress: (progress) => d.events({ type: 'tool-call-progress', round, callId, progress }),
  });
  const decision = decisionOf(result, turn.asked.get(callId), input.signal.aborted);
  const error = result.error ? { code: result.error.code, message: result.error.message } : null;
  const row = d.conversations.addMessage(input.conversationId, {
    role: 'tool',
    content: result.content,
    agentId: agent.id,
    modelId: turn.modelId,
    toolResult: {
      callId,
      name: call.name,
      ok: result.ok,
      output: result.output,
      truncated: result.truncated,
      error,
      decision,
      ...(result.media ? { media: result.media } : {}),
    },
  });
  d.events({
    type: 'tool-call-finished',
    round,
    callId,
    name: call.name,
    ok: result.ok,
    decision,
    error,
    resultMessageId: row.id,
    resultRow: turnMessage(row, null),
  });
}
