/** The builder's escalation fields (text as typed) and their mapping to and from an agent's `escalation`. */
import type { Escalation } from '@contract';

export interface EscalationDraft {
  to: string;
  onRequest: boolean;
  afterFailures: string;
  whenContextTooLarge: boolean;
  fromRouter: boolean;
  requestsPerDay: string;
  tokensPerDay: string;
}

/** What the form starts from when the user turns escalation on (the schema's defaults). */
export function newEscalationDraft(to = ''): EscalationDraft {
  return {
    to,
    onRequest: true,
    afterFailures: '2',
    whenContextTooLarge: true,
    fromRouter: false,
    requestsPerDay: '50',
    tokensPerDay: '200000',
  };
}

export function escalationDraftFrom(escalation: Escalation | undefined): EscalationDraft | null {
  if (!escalation) return null;
  return {
    to: escalation.to,
    onRequest: escalation.onRequest,
    afterFailures: String(escalation.afterFailures),
    whenContextTooLarge: escalation.whenContextTooLarge,
    fromRouter: escalation.fromRouter,
    requestsPerDay: String(escalation.budget.requestsPerDay),
    tokensPerDay: String(escalation.budget.tokensPerDay),
  };
}

/** The definition's `escalation` input; `num` parses a number field and reports problems under its path. */
export function escalationInput(
  draft: EscalationDraft | null,
  num: (path: string, raw: string, whole: boolean, required: boolean) => number | undefined,
): { escalation?: Record<string, unknown> } {
  if (!draft) return {};
  const afterFailures = num('escalation.afterFailures', draft.afterFailures, true, true);
  const requestsPerDay = num('escalation.budget.requestsPerDay', draft.requestsPerDay, true, true);
  const tokensPerDay = num('escalation.budget.tokensPerDay', draft.tokensPerDay, true, true);
  return {
    escalation: {
      to: draft.to,
      onRequest: draft.onRequest,
      whenContextTooLarge: draft.whenContextTooLarge,
      fromRouter: draft.fromRouter,
      ...(afterFailures === undefined ? {} : { afterFailures }),
      budget: {
        ...(requestsPerDay === undefined ? {} : { requestsPerDay }),
        ...(tokensPerDay === undefined ? {} : { tokensPerDay }),
      },
    },
  };
}
