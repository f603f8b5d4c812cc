import { randomUUID } from 'node:crypto';
import type { Logger } from '../ports';
import type { AuditDecision, AuditOutcome, ToolAuditLog } from './auditLog';
import {
  askForApproval,
  DEFAULT_APPROVAL_TIMEOUT_MS,
  permissionFor,
  type AgentToolPermissions,
  type RequestApproval,
} from './permissionPolicy';
import { CallTimer } from './callTimer';
import { stripNullArguments } from './jsonSchema';
import { formatToolResultForModel, serializeForModel } from './resultFormat';
import type { ToolRegistry } from './toolRegistry';
import type { ToolProgress } from '@contract';
import {
  ToolError,
  ToolOutputWithMedia,
  type AnyTool,
  type RequestForm,
  type ToolCallResult,
  type ToolContext,
  type ToolErrorCode,
} from './toolTypes';

export interface ToolCallRequest {
  /** The model's call id when it has one; a fresh id otherwise. */
  callId?: string;
  name: string;
  params: unknown;
  agentId: string;
  conversationId?: string | null;
  permissions: AgentToolPermissions;
  signal?: AbortSignal;
  /** The turn's form cards (MCP elicitation); without it a server's form is declined (jobs, API calls). */
  requestForm?: RequestForm;
  /** Progress the tool reports while it runs. */
  onProgress?: (progress: ToolProgress) => void;
}

export interface ToolExecutorDeps {
  registry: ToolRegistry;
  audit: ToolAuditLog;
  logger: Logger;
  now: () => number;
  requestApproval?: RequestApproval;
  approvalTimeoutMs?: number;
}

/** A call that keeps reporting progress (or waits on the user) may run this long in total. */
export const MAX_CALL_MS = 10 * 60_000;

type RunOutcome = { kind: 'ok'; value: unknown } | { kind: 'error'; code: ToolErrorCode; message: string };

/** Runs one model-issued tool call through lookup → permission → validation → approval → execution, auditing each. */
export class ToolExecutor {
  constructor(private readonly deps: ToolExecutorDeps) {}

  async execute(call: ToolCallRequest): Promise<ToolCallResult> {
    const startedAt = this.deps.now();
    const callId = call.callId ?? randomUUID();
    const signal = call.signal ?? new AbortController().signal;
    const finish = (decision: AuditDecision, outcome: AuditOutcome, result: ToolCallResult, args: unknown) => {
      this.record(call, callId, args, decision, outcome, result, startedAt);
      return result;
    };

    const tool = this.deps.registry.get(call.name);
    if (!tool) {
      const known = this.deps.registry.list().map((t) => t.name);
      const message = `There is no tool named "${call.name}". Available tools: ${
        Object.keys(call.permissions)
          .filter((n) => known.includes(n))
          .join(', ') || 'none'
      }.`;
      return finish('unknown', 'error', failure(call.name, 'unknown_tool', message), call.params);
    }

    const permission = permissionFor(tool, call.permissions);
    if (permission === 'deny') {
      const message = `The user has denied the tool "${tool.name}" for this agent; it was not run. Do not retry it.`;
      return finish('deny', 'error', failure(tool.name, 'denied', message), call.params);
    }

    const parsed = tool.inputSchema.safeParse(tool.keepsNullArguments ? call.params : stripNullArguments(call.params));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      const lines = issues.map((i) => `- ${i.path || '(arguments)'}: ${i.message}`).join('\n');
      const message = `Invalid arguments for "${tool.name}"; it was not run. Fix these and call it again:\n${lines}`;
      return finish('invalid', 'error', failure(tool.name, 'invalid_args', message, issues), call.params);
    }
    const args = parsed.data;

    let decision: AuditDecision = 'allow';
    if (permission === 'ask') {
      const approval = await askForApproval(
        this.deps.requestApproval,
        {
          callId,
          agentId: call.agentId,
          conversationId: call.conversationId ?? null,
          tool: tool.name,
          title: tool.title,
          args,
        },
        { timeoutMs: this.deps.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS, signal },
      );
      if (!approval.approved) {
        const message = `The tool "${tool.name}" was not run: ${approval.reason}.`;
        return finish('ask-denied', 'error', failure(tool.name, 'denied', message), args);
      }
      decision = 'ask-approved';
    }

    const outcome = await this.runWithTimeout(tool, args, callId, call, signal);
    if (outcome.kind === 'ok') {
      const rich = outcome.value instanceof ToolOutputWithMedia ? outcome.value : null;
      const serialized = serializeForModel(rich ? rich.text : outcome.value);
      const result: ToolCallResult = {
        ok: true,
        content: formatToolResultForModel(tool.name, serialized.text),
        output: serialized.text,
        truncated: serialized.truncated,
        data: rich ? rich.text : outcome.value,
        ...(rich && rich.media.length > 0 ? { media: rich.media } : {}),
      };
      return finish(decision, 'ok', result, args);
    }
    const auditOutcome: AuditOutcome = outcome.code === 'timeout' ? 'timeout' : 'error';
    return finish(decision, auditOutcome, failure(tool.name, outcome.code, outcome.message), args);
  }

  private async runWithTimeout(
    tool: AnyTool,
    args: unknown,
    callId: string,
    call: ToolCallRequest,
    outer: AbortSignal,
  ): Promise<RunOutcome> {
    if (outer.aborted)
      return { kind: 'error', code: 'aborted', message: 'The run was cancelled; the tool was not run.' };
    const controller = new AbortController();
    let timer: CallTimer | undefined;
    let onOuterAbort: (() => void) | undefined;
    const stopped = new Promise<RunOutcome>((resolve) => {
      timer = new CallTimer(tool.timeoutMs, MAX_CALL_MS, (reason) =>
        resolve({
          kind: 'error',
          code: 'timeout',
          message:
            reason === 'idle'
              ? `The tool "${tool.name}" took longer than ${tool.timeoutMs} ms without progress and was stopped.`
              : `The tool "${tool.name}" ran longer than ${MAX_CALL_MS / 60_000} minutes and was stopped.`,
        }),
      );
      onOuterAbort = () =>
        resolve({ kind: 'error', code: 'aborted', message: 'The run was cancelled while the tool was running.' });
      outer.addEventListener('abort', onOuterAbort, { once: true });
    });
    // Time the user spends on a card is not the tool's: the idle timeout waits for the answer.
    const whileUserAnswers = async <T>(work: () => Promise<T>): Promise<T> => {
      const resume = timer?.pause();
      try {
        return await work();
      } finally {
        resume?.();
      }
    };
    const requestApproval = this.deps.requestApproval;
    const requestForm = call.requestForm;
    let forms = 0;
    const onProgress = call.onProgress;
    const ctx: ToolContext = {
      agentId: call.agentId,
      conversationId: call.conversationId ?? null,
      callId,
      signal: controller.signal,
      now: this.deps.now,
      reportProgress: (progress) => {
        timer?.touch();
        onProgress?.(progress);
      },
      ...(requestForm
        ? {
            askForm: (request, signal) =>
              whileUserAnswers(async () => {
                forms += 1;
                const expiry = AbortSignal.timeout(this.deps.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS);
                const card = { ...request, callId: `${callId}:form-${forms}`, agentId: call.agentId };
                // A card that closes unanswered (expired, turn stopped, server gave up) counts as cancelled.
                return requestForm(
                  { ...card, conversationId: ctx.conversationId },
                  AbortSignal.any([signal, expiry]),
                ).catch(() => ({ action: 'cancel' as const }));
              }),
          }
        : {}),
      ...(requestApproval
        ? {
            askUser: (request, signal) =>
              whileUserAnswers(
                async () =>
                  (
                    await askForApproval(
                      requestApproval,
                      {
                        ...request,
                        callId: `${callId}:${request.tool}`,
                        agentId: call.agentId,
                        conversationId: ctx.conversationId,
                      },
                      { timeoutMs: this.deps.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS, signal },
                    )
                  ).approved,
              ),
          }
        : {}),
    };
    const ran = Promise.resolve()
      .then(() => tool.run(args, ctx))
      .then(
        (value): RunOutcome => ({ kind: 'ok', value }),
        (error: unknown): RunOutcome => this.toFailure(tool, error),
      );
    try {
      return await Promise.race([ran, stopped]);
    } finally {
      timer?.stop();
      if (onOuterAbort) outer.removeEventListener('abort', onOuterAbort);
      controller.abort(); // stops a tool still working after a timeout or cancel; a no-op once it finished
    }
  }

  private toFailure(tool: AnyTool, error: unknown): RunOutcome {
    if (error instanceof ToolError) return { kind: 'error', code: error.code, message: error.message };
    const message = error instanceof Error ? error.message : String(error);
    this.deps.logger.warn('tool threw', { tool: tool.name, error: message });
    return { kind: 'error', code: 'tool_failed', message: `The tool "${tool.name}" failed: ${message}` };
  }

  private record(
    call: ToolCallRequest,
    callId: string,
    args: unknown,
    decision: AuditDecision,
    outcome: AuditOutcome,
    result: ToolCallResult,
    startedAt: number,
  ): void {
    try {
      this.deps.audit.write({
        callId,
        agentId: call.agentId,
        conversationId: call.conversationId ?? null,
        tool: call.name,
        args,
        decision,
        outcome,
        resultBytes: Buffer.byteLength(result.content, 'utf8'),
        errorCode: result.error?.code ?? null,
        startedAt,
        finishedAt: this.deps.now(),
      });
    } catch (error) {
      // A full disk must not turn a finished tool call into a crash; the call's result still stands.
      this.deps.logger.error('could not write tool audit row', { tool: call.name, error: String(error) });
    }
  }
}

function failure(toolName: string, code: ToolErrorCode, message: string, issues?: unknown): ToolCallResult {
  const error = issues === undefined ? { code, message } : { code, message, issues };
  const output = `Error (${code}): ${message}`;
  return { ok: false, content: formatToolResultForModel(toolName, output), output, truncated: false, error };
}
