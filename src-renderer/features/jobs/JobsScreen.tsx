import { useEffect, useState } from 'react';
import type { Job, Run, RunOutputs } from '@contract';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Screen } from '../../components/Screen';
import { formatDuration } from '../../lib/format';
import { useAgentsStore } from '../../stores/agentsStore';
import { JobEditor } from './JobEditor';
import { jobsStore, useJobsStore } from './jobsStore';
import { RunConditions } from './RunConditions';
import { describeTrigger } from './triggerPresets';

const TONES: Record<Run['status'], BadgeTone> = {
  waiting: 'neutral',
  running: 'accent',
  'waiting-for-approval': 'warning',
  succeeded: 'success',
  failed: 'danger',
  limit: 'warning',
  cancelled: 'neutral',
  interrupted: 'danger',
};

const when = (at: number | null) => (at === null ? '—' : new Date(at).toLocaleString());

function StatusBadge({ status }: { status: Run['status'] }) {
  return (
    <span data-testid="run-status" data-status={status}>
      <Badge tone={TONES[status]}>{status}</Badge>
    </span>
  );
}

function Inbox() {
  const inbox = useJobsStore((s) => s.inbox);
  const respond = useJobsStore((s) => s.respond);
  if (inbox.length === 0) return null;
  return (
    <Card
      title={`Inbox (${inbox.length})`}
      description="Background runs waiting for your approval"
      data-testid="jobs-inbox"
      className="mb-6"
    >
      <ul className="space-y-3">
        {inbox.map((item) => (
          <li key={item.callId} data-testid="inbox-item" className="flex items-start justify-between gap-4 text-sm">
            <div className="min-w-0">
              <p className="font-medium">
                {item.jobName}: {item.title}{' '}
                <span data-testid="inbox-tool" className="text-xs font-normal text-zinc-500">
                  ({item.tool})
                </span>
              </p>
              <pre className="mt-1 max-h-24 overflow-auto text-xs text-zinc-500">
                {JSON.stringify(item.args, null, 2)}
              </pre>
              <p className="text-xs text-zinc-500">Expires {when(item.expiresAt)}</p>
            </div>
            <div className="flex shrink-0 gap-2">
              <Button
                variant="primary"
                data-testid="inbox-approve"
                onClick={() => void respond(item.callId, 'approve')}
              >
                Approve
              </Button>
              <Button variant="danger" data-testid="inbox-deny" onClick={() => void respond(item.callId, 'deny')}>
                Deny
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function JobRow({ job, onEdit }: { job: Job; onEdit: () => void }) {
  const { select, setEnabled, runNow, remove } = jobsStore.getState();
  const selected = useJobsStore((s) => s.selectedJobId === job.id);
  return (
    <li
      data-testid="job-row"
      data-job-id={job.id}
      className={`flex items-center justify-between gap-4 py-3 ${selected ? 'bg-emerald-50/60 dark:bg-emerald-950/30' : ''}`}
    >
      <button type="button" className="min-w-0 text-left" onClick={() => select(selected ? null : job.id)}>
        <p data-testid="job-row-name" className="text-sm font-medium">
          {job.name}
        </p>
        <p className="text-xs text-zinc-500">
          {describeTrigger(job.trigger)} · next: <span data-testid="job-next-run">{when(job.nextRunAt)}</span>
          {job.watching !== null && (
            <span data-testid="job-watching" data-watching={String(job.watching)}>
              {' '}
              · {job.watching ? 'watching' : job.enabled ? 'starting to watch…' : 'not watching'}
            </span>
          )}
        </p>
      </button>
      <div className="flex shrink-0 items-center gap-2">
        {job.lastRun && <StatusBadge status={job.lastRun.status} />}
        <label className="flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            data-testid="job-enabled"
            checked={job.enabled}
            onChange={(e) => void setEnabled(job.id, e.target.checked)}
          />
          Enabled
        </label>
        <Button data-testid="job-run-now" onClick={() => void runNow(job.id)}>
          Run now
        </Button>
        <Button variant="ghost" onClick={onEdit}>
          Edit
        </Button>
        <Button variant="ghostDanger" onClick={() => void remove(job.id)}>
          Delete
        </Button>
      </div>
    </li>
  );
}

function History() {
  const runs = useJobsStore((s) => s.runs);
  const openRun = useJobsStore((s) => s.openRun);
  if (runs.length === 0) return <p className="text-sm text-zinc-500">No runs yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="run-history">
      <thead className="text-xs text-zinc-500">
        <tr>
          <th>Job</th>
          <th>Trigger</th>
          <th>Started</th>
          <th>Status</th>
          <th>Tokens</th>
          <th>Duration</th>
          <th>Model</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr
            key={run.id}
            data-testid="run-row"
            className="cursor-pointer border-t border-zinc-200 hover:bg-zinc-100 dark:border-zinc-800 dark:hover:bg-zinc-800"
            onClick={() => void openRun(run.id)}
          >
            <td>{run.jobName}</td>
            <td>
              {run.trigger}
              {run.triggerPath && (
                <p data-testid="run-trigger-path" className="max-w-xs truncate text-xs text-zinc-500">
                  {run.triggerPath}
                </p>
              )}
            </td>
            <td>{when(run.startedAt ?? run.queuedAt)}</td>
            <td>
              <StatusBadge status={run.status} />
              {run.reason && <p className="text-xs text-zinc-500">{run.reason}</p>}
            </td>
            <td>{run.promptTokens + run.completionTokens}</td>
            <td>{formatDuration(run.durationMs)}</td>
            <td className="text-xs">{run.modelId ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The note and task the run saved for its agent; a note opens in place (there is no notes screen). */
function RunOutputLinks({ run, outputs }: { run: Run; outputs: RunOutputs }) {
  if (run.outputNoteId === null && run.outputTaskId === null) return null;
  return (
    <div className="mb-3 space-y-1 text-xs" data-testid="run-outputs">
      {run.outputNoteId !== null && (
        <details data-testid="run-output-note" data-note-id={run.outputNoteId}>
          <summary className="cursor-pointer text-emerald-700 underline dark:text-emerald-400">
            Note #{run.outputNoteId}: {outputs.note ? outputs.note.title : '(deleted since)'}
          </summary>
          {outputs.note && <p className="mt-1 whitespace-pre-wrap text-zinc-600">{outputs.note.body}</p>}
        </details>
      )}
      {run.outputTaskId !== null && (
        <p data-testid="run-output-task" data-task-id={run.outputTaskId}>
          Task #{run.outputTaskId}:{' '}
          {outputs.task ? `${outputs.task.title}${outputs.task.done ? ' (done)' : ''}` : '(deleted since)'}
        </p>
      )}
    </div>
  );
}

function RunDetail() {
  const detail = useJobsStore((s) => s.detail);
  const { openRun, cancelRun } = jobsStore.getState();
  if (!detail) return null;
  const { run, transcript, outputs } = detail;
  const open = run.status === 'waiting' || run.status === 'running' || run.status === 'waiting-for-approval';
  return (
    <Card
      title={`Run of ${run.jobName}`}
      description={`${run.trigger} · ${when(run.startedAt ?? run.queuedAt)}${run.triggerPath ? ` · ${run.triggerPath}` : ''}`}
      data-testid="run-detail"
      className="mt-6"
      actions={
        <>
          {open && (
            <Button variant="danger" data-testid="run-cancel" onClick={() => void cancelRun(run.id)}>
              Cancel
            </Button>
          )}
          <Button variant="ghost" onClick={() => void openRun(null)}>
            Close
          </Button>
        </>
      }
    >
      <p className="mb-3 text-sm">
        <StatusBadge status={run.status} /> {run.limitHit && `limit: ${run.limitHit}`}{' '}
        {run.error && `${run.error.code}: ${run.error.message}`}
        {run.outputFile && <span className="ml-2 text-xs">Output: {run.outputFile}</span>}
      </p>
      <RunOutputLinks run={run} outputs={outputs} />
      <ol className="space-y-2" data-testid="run-transcript">
        {transcript.map((m) => (
          <li
            key={m.id}
            data-testid="transcript-message"
            data-role={m.role}
            className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800"
          >
            <p className="text-xs font-medium text-zinc-500">{m.role}</p>
            <p className="whitespace-pre-wrap">{m.content}</p>
            {m.functionCalls?.map((call, i) => (
              <p key={i} className="text-xs text-zinc-500">
                → {call.name}({JSON.stringify(call.params)})
              </p>
            ))}
          </li>
        ))}
      </ol>
    </Card>
  );
}

export function JobsScreen() {
  const jobs = useJobsStore((s) => s.jobs);
  const loaded = useJobsStore((s) => s.loaded);
  const error = useJobsStore((s) => s.error);
  const refreshAgents = useAgentsStore((s) => s.refresh);
  const [editing, setEditing] = useState<Job | 'new' | null>(null);

  useEffect(() => jobsStore.getState().watch(), []);
  useEffect(() => void refreshAgents(), [refreshAgents]);

  return (
    <Screen
      id="jobs"
      title="Jobs"
      description="Agents that work on their own: on a schedule, on a folder's new files, at start-up or from an API call. Runs wait while you chat."
      actions={
        <Button variant="primary" data-testid="job-new" onClick={() => setEditing('new')}>
          New job
        </Button>
      }
    >
      <Inbox />
      {error && (
        <p role="alert" className="mb-4 text-sm text-red-600">
          {error.message}
        </p>
      )}
      {editing && (
        <div className="mb-6">
          <JobEditor job={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        </div>
      )}
      <Card title="Jobs" className="mb-6">
        {loaded && jobs.length === 0 ? (
          <p data-testid="jobs-empty" className="text-sm text-zinc-500">
            No jobs yet. Create one to let an agent work in the background.
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="job-list">
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} onEdit={() => setEditing(job)} />
            ))}
          </ul>
        )}
      </Card>
      <Card title="Run history">
        <History />
      </Card>
      <RunDetail />
      <RunConditions />
    </Screen>
  );
}
