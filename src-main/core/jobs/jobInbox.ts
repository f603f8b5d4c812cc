/**
 * "Ask" tool calls of background runs: each parks its run and opens an Inbox card; approve resumes the run,
 * deny ends it, and a card nobody answers expires (the executor's approval timeout) and ends it too.
 */
import type { InboxItem } from '@contract';
import type { ApprovalRequest, RequestApproval } from '../tools/permissionPolicy';

type Answer = 'approve' | 'deny';
export type InboxOutcome = 'approved' | 'denied' | 'expired';

interface OpenCard {
  item: InboxItem;
  answer: (decision: Answer) => void;
}

export interface InboxScope {
  runId: string;
  jobId: string;
  jobName: string;
  expiryMs: number;
  /** The card opened (true) or closed (false, with how). */
  onParked(parked: boolean, outcome: InboxOutcome | null): void;
}

export class JobInbox {
  private readonly open = new Map<string, OpenCard>();

  constructor(
    private readonly emit: (items: InboxItem[]) => void,
    private readonly now: () => number,
  ) {}

  requesterFor(scope: InboxScope): RequestApproval {
    return (request, signal) => this.ask(scope, request, signal);
  }

  respond(callId: string, decision: Answer): boolean {
    const card = this.open.get(callId);
    if (!card) return false;
    card.answer(decision);
    return true;
  }

  list(): InboxItem[] {
    return [...this.open.values()].map((c) => c.item);
  }

  private ask(scope: InboxScope, request: ApprovalRequest, signal: AbortSignal): Promise<Answer> {
    const requestedAt = this.now();
    const item: InboxItem = {
      callId: request.callId,
      runId: scope.runId,
      jobId: scope.jobId,
      jobName: scope.jobName,
      agentId: request.agentId,
      tool: request.tool,
      title: request.title,
      args: request.args,
      requestedAt,
      expiresAt: requestedAt + scope.expiryMs,
    };
    return new Promise<Answer>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('the approval was cancelled before it was shown'));
      const close = (outcome: InboxOutcome) => {
        this.open.delete(request.callId);
        signal.removeEventListener('abort', onAbort);
        this.emit(this.list());
        scope.onParked(false, outcome);
      };
      // The executor aborts on its timeout (the card expired) and when the run stops.
      const onAbort = () => {
        close('expired');
        reject(new Error('the Inbox card closed without an answer'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(request.callId, {
        item,
        answer: (decision) => {
          close(decision === 'approve' ? 'approved' : 'denied');
          resolve(decision);
        },
      });
      scope.onParked(true, null);
      this.emit(this.list());
    });
  }
}
