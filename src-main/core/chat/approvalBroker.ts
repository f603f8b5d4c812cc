/** "Ask" tool calls waiting for the user: each opens a card (chat.approval), waits for chat.respond, then closes. */
import type { ApprovalRequestEvent } from '@contract';
import type { ApprovalRequest, RequestApproval } from '../tools/permissionPolicy';

type Answer = 'approve' | 'deny';

interface OpenApproval {
  event: ApprovalRequestEvent;
  answer: (decision: Answer) => void;
}

export interface ApprovalScope {
  turnId: string;
  /** The stored conversation, or a preview's id (a preview's rows live in its own database). */
  conversationId: string;
}

export class ApprovalBroker {
  private readonly open = new Map<string, OpenApproval>();

  constructor(private readonly emit: (event: ApprovalRequestEvent) => void) {}

  /** The approval channel for one turn's tool executor. */
  requesterFor(scope: ApprovalScope): RequestApproval {
    return (request, signal) => this.ask(scope, request, signal);
  }

  /** The user's answer; false when the card is no longer open (answered, expired or stopped). */
  respond(callId: string, decision: Answer): boolean {
    const pending = this.open.get(callId);
    if (!pending) return false;
    pending.answer(decision);
    return true;
  }

  /** Open cards, for a screen that (re)loads while a turn waits. */
  list(): ApprovalRequestEvent[] {
    return [...this.open.values()].map((p) => p.event);
  }

  private ask(scope: ApprovalScope, request: ApprovalRequest, signal: AbortSignal): Promise<Answer> {
    const event: ApprovalRequestEvent = {
      callId: request.callId,
      turnId: scope.turnId,
      conversationId: scope.conversationId,
      agentId: request.agentId,
      tool: request.tool,
      title: request.title,
      args: request.args,
      open: true,
      outcome: 'pending',
    };
    return new Promise<Answer>((resolve, reject) => {
      const close = (outcome: ApprovalRequestEvent['outcome']) => {
        this.open.delete(request.callId);
        signal.removeEventListener('abort', onAbort);
        this.emit({ ...event, open: false, outcome });
      };
      // The executor aborts the signal on its timeout and when the turn stops: the card expires unanswered.
      const onAbort = () => {
        close('expired');
        reject(new Error('the approval card closed without an answer'));
      };
      if (signal.aborted) {
        reject(new Error('the approval was cancelled before it was shown'));
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(request.callId, {
        event,
        answer: (decision) => {
          close(decision === 'approve' ? 'approved' : 'denied');
          resolve(decision);
        },
      });
      this.emit(event);
    });
  }
}
