/**
 * Cards waiting for the user in a conversation: "ask" tool calls (approve/deny) and forms a server asks to be
 * filled in (MCP elicitation: accept with values, decline, cancel). Each opens with chat.approval, waits for
 * chat.respond, then closes.
 */
import { OutpostError, type ApprovalRequestEvent, type FormValue } from '@contract';
import type { ApprovalRequest, RequestApproval } from '../tools/permissionPolicy';
import { checkFormValues } from '../tools/formValues';
import type { FormAnswer, RequestForm } from '../tools/toolTypes';

export type Decision = 'approve' | 'deny' | 'cancel';

interface OpenApproval {
  event: ApprovalRequestEvent;
  answer: (decision: Decision, values: Record<string, FormValue>) => void;
}

export interface ApprovalScope {
  turnId: string;
  /** The stored conversation, or a preview's id (a preview's rows live in its own database). */
  conversationId: string;
}

const OUTCOME: Record<Decision, ApprovalRequestEvent['outcome']> = {
  approve: 'approved',
  deny: 'denied',
  cancel: 'cancelled',
};

export class ApprovalBroker {
  private readonly open = new Map<string, OpenApproval>();

  constructor(private readonly emit: (event: ApprovalRequestEvent) => void) {}

  /** The approval channel for one turn's tool executor. */
  requesterFor(scope: ApprovalScope): RequestApproval {
    return async (request, signal) =>
      (await this.ask(scope, request, signal)).decision === 'approve' ? 'approve' : 'deny';
  }

  /** The form channel for one turn's tool calls (MCP elicitation). */
  formRequesterFor(scope: ApprovalScope): RequestForm {
    return async (request, signal): Promise<FormAnswer> => {
      const { decision, values } = await this.ask(
        scope,
        { ...request, args: { message: request.form.message }, conversationId: request.conversationId },
        signal,
        request.form,
      );
      if (decision === 'approve') return { action: 'accept', values };
      return { action: decision === 'deny' ? 'decline' : 'cancel' };
    };
  }

  /**
   * The user's answer; false when the card is no longer open (answered, expired or stopped). A form's values
   * are checked against its fields first: a wrong one is a `bad_request` naming it, and the card stays open.
   */
  respond(callId: string, decision: Decision, values: Record<string, FormValue> = {}): boolean {
    const pending = this.open.get(callId);
    if (!pending) return false;
    const form = pending.event.form;
    if (!form && decision === 'cancel') throw new OutpostError('bad_request', 'Only a form card can be cancelled');
    if (form && decision === 'approve') {
      const checked = checkFormValues(form, values);
      if (!checked.ok) throw new OutpostError('bad_request', checked.message);
      pending.answer(decision, checked.values);
      return true;
    }
    pending.answer(decision, {});
    return true;
  }

  /** Open cards, for a screen that (re)loads while a turn waits. */
  list(): ApprovalRequestEvent[] {
    return [...this.open.values()].map((p) => p.event);
  }

  private ask(
    scope: ApprovalScope,
    request: ApprovalRequest,
    signal: AbortSignal,
    form?: ApprovalRequestEvent['form'],
  ): Promise<{ decision: Decision; values: Record<string, FormValue> }> {
    const event: ApprovalRequestEvent = {
      callId: request.callId,
      turnId: scope.turnId,
      conversationId: scope.conversationId,
      agentId: request.agentId,
      tool: request.tool,
      title: request.title,
      args: request.args,
      ...(form ? { form } : {}),
      open: true,
      outcome: 'pending',
    };
    return new Promise((resolve, reject) => {
      const close = (outcome: ApprovalRequestEvent['outcome']) => {
        this.open.delete(request.callId);
        signal.removeEventListener('abort', onAbort);
        this.emit({ ...event, open: false, outcome });
      };
      // The executor aborts the signal on its timeout and when the turn stops: the card expires unanswered.
      const onAbort = () => {
        close('expired');
        reject(new Error('the card closed without an answer'));
      };
      if (signal.aborted) {
        reject(new Error('the card was cancelled before it was shown'));
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(request.callId, {
        event,
        answer: (decision, values) => {
          close(OUTCOME[decision]);
          resolve({ decision, values });
        },
      });
      this.emit(event);
    });
  }
}
