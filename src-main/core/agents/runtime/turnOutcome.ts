/** How a turn's steps are reported: tool decisions, typed errors, the forced-call cut-off note. */
import { OutpostError, type ErrorCode } from '@contract';
import type { ToolCallResult } from '../../tools/toolTypes';
import type { ToolDecision } from './runtimeTypes';

/** 'asked' with no answer recorded means the card closed unanswered (timeout, or the turn stopped). */
export type Asked = 'asked' | 'approve' | 'deny' | 'failed';

export function decisionOf(result: ToolCallResult, asked: Asked | undefined, stopped: boolean): ToolDecision {
  if (asked === 'approve') return 'approved';
  if (asked === 'deny') return 'user-denied';
  if (asked === 'asked') return stopped ? 'not-run' : 'expired';
  if (asked === 'failed') return 'not-run';
  if (result.ok) return 'allowed';
  const code = result.error?.code;
  if (code === 'denied') return 'policy-denied';
  if (code === 'unknown_tool' || code === 'invalid_args') return 'not-run';
  // The stop came after the permission check: the tool (an MCP server's, say) may have started and was told to stop.
  if (code === 'aborted') return 'cancelled';
  return 'allowed';
}

export function cutOffMessage(reason: string, maxTokens: number | undefined): string {
  const why = reason === 'length' ? `was cut off at ${maxTokens ?? 'the'} reply tokens` : 'did not produce a call';
  return `The required tool call ${why}; the agent answers in text instead. Raise the reply length to allow the call.`;
}

export function errorInfo(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof OutpostError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
