import type { AnyTool, ToolPermission } from './toolTypes';

/** Per-agent tool settings; a tool not listed falls back to its own default. */
export type AgentToolPermissions = Record<string, ToolPermission>;

export interface ApprovalRequest {
  callId: string;
  agentId: string;
  conversationId: string | null;
  tool: string;
  title: string;
  /** The exact, validated arguments the tool would run with. */
  args: unknown;
}

/** Surfaces an approval card and waits for the user; must give up when `signal` fires. */
export type RequestApproval = (request: ApprovalRequest, signal: AbortSignal) => Promise<'approve' | 'deny'>;

export type ApprovalOutcome = { approved: true } | { approved: false; reason: string };

/** How long an approval card waits before the call counts as denied. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;

export function permissionFor(tool: AnyTool, permissions: AgentToolPermissions): ToolPermission {
  return Object.hasOwn(permissions, tool.name)
    ? (permissions[tool.name] ?? tool.defaultPermission)
    : tool.defaultPermission;
}

/**
 * Asks the user. No answer within the timeout, a cancelled run, or a failing approval channel all count as a
 * denial with a reason the model (and the audit log) can read.
 */
export async function askForApproval(
  requestApproval: RequestApproval | undefined,
  request: ApprovalRequest,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<ApprovalOutcome> {
  if (!requestApproval) return { approved: false, reason: 'no one is available to approve tool calls' };
  if (options.signal.aborted) return { approved: false, reason: 'the run was cancelled before approval' };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<ApprovalOutcome>((resolve) => {
    timer = setTimeout(() => {
      resolve({ approved: false, reason: `no answer from the user within ${Math.round(options.timeoutMs / 1000)} s` });
    }, options.timeoutMs);
    onAbort = () => resolve({ approved: false, reason: 'the run was cancelled while waiting for approval' });
    options.signal.addEventListener('abort', onAbort, { once: true });
  });
  const answered = requestApproval(request, controller.signal).then(
    (answer): ApprovalOutcome =>
      answer === 'approve' ? { approved: true } : { approved: false, reason: 'the user denied it' },
    (error: unknown): ApprovalOutcome => ({
      approved: false,
      reason: `approval failed: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  try {
    return await Promise.race([answered, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal.removeEventListener('abort', onAbort);
    controller.abort(); // closes the approval card if it is still open
  }
}
