/**
 * Who answers the cards ("ask" tools) of an MCP agent call's conversation: the MCP client through its own form
 * (elicitation) when it declared one; nobody when no app can answer either (`npm run mcp` running its own core),
 * so the card is refused at once instead of waiting out its timeout; otherwise the app's card as in any chat.
 */
import type { ApprovalRequestEvent } from '@contract';
import type { Logger } from '../../ports';

export type AskClient = (event: ApprovalRequestEvent, signal: AbortSignal) => Promise<'approve' | 'deny'>;

export interface ApprovalRouting {
  /** The MCP client's form, when it declared the elicitation capability. */
  askClient: AskClient | null;
  /** No app window can answer: a card nobody else answers is denied (a server's form: cancelled). */
  unattended: boolean;
}

export interface CardPort {
  onApproval(listener: (event: ApprovalRequestEvent) => void): () => void;
  respond(callId: string, decision: 'approve' | 'deny' | 'cancel'): boolean;
}

/** Answers the conversation's cards while the call runs; the returned function stops (and drops open questions). */
export function routeApprovals(
  port: CardPort,
  conversationId: string,
  routing: ApprovalRouting,
  logger: Logger,
): () => void {
  if (!routing.askClient && !routing.unattended) return () => undefined;
  const asking = new Map<string, AbortController>();
  const respond = (callId: string, decision: 'approve' | 'deny' | 'cancel') => {
    try {
      port.respond(callId, decision);
    } catch (error) {
      logger.warn('MCP approval answer refused', { callId, error: String(error) });
    }
  };
  const unsubscribe = port.onApproval((event) => {
    if (event.conversationId !== conversationId) return;
    if (!event.open) {
      // Answered in the app, expired or stopped: the client's question is withdrawn.
      asking.get(event.callId)?.abort();
      asking.delete(event.callId);
      return;
    }
    const ask = routing.askClient;
    if (event.form || !ask) {
      // A form one of the agent's own MCP servers asks for is not forwarded; with nobody to fill it in, it is cancelled.
      if (routing.unattended) queueMicrotask(() => respond(event.callId, event.form ? 'cancel' : 'deny'));
      return;
    }
    const controller = new AbortController();
    asking.set(event.callId, controller);
    void ask(event, controller.signal)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) logger.warn('MCP client form failed', { error: String(error) });
        return 'deny' as const;
      })
      .then((decision) => {
        if (!controller.signal.aborted) respond(event.callId, decision);
      });
  });
  return () => {
    unsubscribe();
    for (const controller of asking.values()) controller.abort();
    asking.clear();
  };
}
