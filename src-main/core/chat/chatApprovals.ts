/**
 * The chat's approval cards wired out: each turn's approval and form channels, chat.approval events and the
 * in-process observers of cards (an MCP client answering through its own form).
 */
import type { ApprovalRequestEvent, FormValue } from '@contract';
import type { EventSink } from '../ports';
import type { RequestApproval } from '../tools/permissionPolicy';
import type { RequestForm } from '../tools/toolTypes';
import { ApprovalBroker, type ApprovalScope, type Decision } from './approvalBroker';

export class ChatApprovals {
  private readonly broker: ApprovalBroker;
  private readonly listeners = new Set<(event: ApprovalRequestEvent) => void>();

  constructor(events: EventSink) {
    this.broker = new ApprovalBroker((event) => {
      events.emit('chat.approval', event);
      for (const listener of this.listeners) listener(event);
    });
  }

  /** One turn's channels: "ask" tool calls and the forms its tools' servers ask for. */
  channelsFor(scope: ApprovalScope): { requestApproval: RequestApproval; requestForm: RequestForm } {
    return { requestApproval: this.broker.requesterFor(scope), requestForm: this.broker.formRequesterFor(scope) };
  }

  respond(callId: string, decision: Decision, values?: Record<string, FormValue>): boolean {
    return this.broker.respond(callId, decision, values);
  }

  /** Observers of cards opening and closing; returns unsubscribe. */
  onApproval(listener: (event: ApprovalRequestEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): ApprovalRequestEvent[] {
    return this.broker.list();
  }
}
