import type { ApprovalRequestEvent } from '@contract';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { cx } from '../../components/cx';
import { useChatStore } from '../../stores/chatStore';
import { WrenchIcon } from './chatIcons';
import { ElicitationControls } from './ElicitationFormCard';
import { ToolMediaList } from './ToolMediaList';
import { ToolProgressLine } from './ToolProgressLine';
import { formatArgs, type CallState, type CallView } from './chatView';

const STATE_LABEL: Record<CallState, { text: string; tone: BadgeTone }> = {
  running: { text: 'Running', tone: 'accent' },
  waiting: { text: 'Waiting for you', tone: 'warning' },
  done: { text: 'Done', tone: 'success' },
  failed: { text: 'Failed', tone: 'danger' },
  denied: { text: 'Not run', tone: 'neutral' },
};

const DECISION_TEXT: Record<string, string> = {
  allowed: 'Allowed by the agent’s permissions',
  approved: 'Approved by you',
  'user-denied': 'Denied by you',
  'policy-denied': 'Denied by the agent’s permissions',
  'not-run': 'Not run (unknown tool or invalid arguments)',
  cancelled: 'Cancelled: the reply was stopped; a tool already running was told to stop',
};

const OUTCOME_TEXT: Record<ApprovalRequestEvent['outcome'], string> = {
  pending: 'Waiting for your answer — the reply continues after it.',
  approved: 'Approved',
  denied: 'Denied',
  cancelled: 'Cancelled',
  expired: 'Expired: the request closed before an answer (timed out or the reply was stopped).',
};

/** One tool call: what the model asked for (exact arguments), the decision, the result, and approve/deny while asked. */
export function ToolCallCard({ call }: { call: CallView }) {
  const label = STATE_LABEL[call.state];
  const decision = call.live?.decision ? DECISION_TEXT[call.live.decision] : null;
  return (
    <section
      data-testid="tool-call-card"
      data-state={call.state}
      aria-label={`Tool call ${call.name}`}
      className={cx(
        'my-2 rounded-lg border bg-white text-sm dark:bg-zinc-900',
        call.state === 'waiting' ? 'border-amber-300 dark:border-amber-700' : 'border-zinc-200 dark:border-zinc-700',
      )}
    >
      <header className="flex items-center gap-2 border-b border-zinc-100 px-3 py-1.5 dark:border-zinc-800">
        <WrenchIcon size={14} className="text-zinc-500" />
        <span className="font-mono text-[0.8125rem] font-medium" data-testid="tool-call-name">
          {call.approval?.title ? `${call.approval.title} (${call.name})` : call.name}
        </span>
        <span className="ml-auto" data-testid="tool-call-state">
          <Badge tone={label.tone}>{label.text}</Badge>
        </span>
      </header>
      <div className="space-y-2 px-3 py-2">
        {call.approval?.form ? (
          <ElicitationControls approval={call.approval} form={call.approval.form} />
        ) : (
          <>
            <Block title="Arguments" testId="tool-call-args" text={formatArgs(call.approval?.args ?? call.args)} />
            {call.approval && <ApprovalControls approval={call.approval} />}
          </>
        )}
        {call.live?.progress && !call.live.finished && <ToolProgressLine progress={call.live.progress} />}
        {decision && <p className="text-xs text-zinc-500 dark:text-zinc-400">{decision}</p>}
        {call.live?.error && (
          <p className="text-xs text-red-700 dark:text-red-300">
            {call.live.error.code}: {call.live.error.message}
          </p>
        )}
        {call.result && (
          <Block title="Result" testId="tool-call-result" text={call.result.text} error={call.result.isError} />
        )}
        {call.result && call.result.media.length > 0 && <ToolMediaList media={call.result.media} />}
      </div>
    </section>
  );
}

function Block({
  title,
  text,
  testId,
  error = false,
}: {
  title: string;
  text: string;
  testId: string;
  error?: boolean;
}) {
  return (
    <details open={text.length < 600} className="group">
      <summary className="cursor-pointer text-xs font-medium text-zinc-500 select-none dark:text-zinc-400">
        {title}
      </summary>
      <pre
        data-testid={testId}
        className={cx(
          'mt-1 max-h-64 overflow-auto rounded-md px-2 py-1.5 font-mono text-xs whitespace-pre-wrap',
          error ? 'bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200' : 'bg-zinc-50 dark:bg-zinc-800/70',
        )}
      >
        {text}
      </pre>
    </details>
  );
}

/** Approve/Deny while the run waits; afterwards the buttons stay, disabled, next to the outcome. */
export function ApprovalControls({ approval }: { approval: ApprovalRequestEvent }) {
  const responding = useChatStore((s) => Boolean(s.responding[approval.callId]));
  const respond = useChatStore((s) => s.respond);
  const disabled = !approval.open || responding;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="approval-controls" data-outcome={approval.outcome}>
      <Button
        variant="primary"
        data-testid="approval-approve"
        disabled={disabled}
        onClick={() => void respond(approval.callId, 'approve')}
      >
        Approve
      </Button>
      <Button
        variant="ghostDanger"
        data-testid="approval-deny"
        disabled={disabled}
        onClick={() => void respond(approval.callId, 'deny')}
      >
        Deny
      </Button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="approval-outcome">
        {OUTCOME_TEXT[approval.outcome]}
      </span>
    </div>
  );
}

/** An approval whose call card is not on screen (e.g. the page was reloaded while the run waited). */
export function LooseApprovalCard({ approval }: { approval: ApprovalRequestEvent }) {
  return (
    <ToolCallCard
      call={{
        key: approval.callId,
        name: approval.tool,
        args: approval.args,
        result: null,
        live: null,
        approval,
        state: approval.open ? 'waiting' : 'denied',
      }}
    />
  );
}
