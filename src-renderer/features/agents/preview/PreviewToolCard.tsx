import { Badge, type BadgeTone } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import type { PreviewToolCall } from './previewTranscript';

const STATUS: Record<PreviewToolCall['status'], { label: string; tone: BadgeTone }> = {
  running: { label: 'running', tone: 'neutral' },
  waiting: { label: 'waiting for you', tone: 'warning' },
  ok: { label: 'done', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
};

/** One tool call of the preview: its exact arguments, and Approve / Deny while an "ask" tool waits. */
export function PreviewToolCard({
  call,
  onRespond,
}: {
  call: PreviewToolCall;
  onRespond(callId: string, d: 'approve' | 'deny'): void;
}) {
  const status = STATUS[call.status];
  return (
    <div
      className="rounded-lg border border-zinc-200 px-3 py-2 text-xs dark:border-zinc-700"
      data-testid="preview-tool-call"
      data-tool={call.name}
      data-status={call.status}
    >
      <div className="flex items-center justify-between gap-2">
        <code className="font-medium">{call.name}</code>
        <Badge tone={status.tone}>{call.decision ? `${status.label} · ${call.decision}` : status.label}</Badge>
      </div>
      <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap text-zinc-600 dark:text-zinc-300">
        {JSON.stringify(call.args, null, 2)}
      </pre>
      {call.error && <p className="mt-1 text-red-600 dark:text-red-400">{call.error}</p>}
      {call.approval?.open && (
        <div className="mt-2 flex gap-2">
          <Button variant="primary" data-testid="preview-approve" onClick={() => onRespond(call.callId, 'approve')}>
            Approve
          </Button>
          <Button variant="ghostDanger" data-testid="preview-deny" onClick={() => onRespond(call.callId, 'deny')}>
            Deny
          </Button>
        </div>
      )}
    </div>
  );
}
