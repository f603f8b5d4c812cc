import { useEffect, useState } from 'react';
import type { Job, JobInput, JobTrigger } from '@contract';
import { getBridge } from '../../bridge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Select } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { errorMessage } from '../../lib/errors';
import { useAgentsStore } from '../../stores/agentsStore';
import { useJobsStore } from './jobsStore';
import { cronFor } from './triggerPresets';

type Kind = 'daily' | 'weekdays' | 'every-n-minutes' | 'cron' | 'once' | 'app-start' | 'folder' | 'api' | 'manual';

const KIND_LABELS: Record<Kind, string> = {
  daily: 'Every day at…',
  weekdays: 'Weekdays at…',
  'every-n-minutes': 'Every N minutes',
  cron: 'Custom schedule (cron)',
  once: 'Once, at a time',
  'app-start': 'When Outpost starts',
  folder: 'New or changed file in a folder',
  api: 'API call',
  manual: 'Only "Run now"',
};

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface Draft {
  name: string;
  agentId: string;
  instruction: string;
  kind: Kind;
  time: string;
  minutes: string;
  cron: string;
  timeZone: string;
  at: string;
  folder: string;
  markdownFolder: string;
  note: boolean;
  task: boolean;
  missedPolicy: 'skip' | 'run-once';
  maxToolRounds: number;
  maxTokens: number;
  maxWallSeconds: number;
  requireTool: boolean;
}

function draftOf(job: Job | null, agentId: string): Draft {
  const t = job?.trigger;
  return {
    name: job?.name ?? '',
    agentId: job?.agentId ?? agentId,
    instruction: job?.instruction ?? '',
    kind: t ? (t.kind === 'schedule' ? 'cron' : t.kind) : 'daily',
    time: '09:00',
    minutes: '15',
    cron: t?.kind === 'schedule' ? t.cron : '0 9 * * *',
    timeZone: t?.kind === 'schedule' ? t.timeZone : localZone(),
    at: t?.kind === 'once' ? new Date(t.at - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '',
    folder: t?.kind === 'folder' ? t.path : '',
    markdownFolder: job?.output.markdownFolder ?? '',
    note: job?.output.note ?? false,
    task: job?.output.task ?? false,
    missedPolicy: job?.missedPolicy ?? 'skip',
    maxToolRounds: job?.limits.maxToolRounds ?? 4,
    maxTokens: job?.limits.maxTokens ?? 2048,
    maxWallSeconds: job?.limits.maxWallSeconds ?? 600,
    requireTool: job?.requireTool ?? false,
  };
}

function triggerOf(d: Draft): JobTrigger {
  switch (d.kind) {
    case 'daily':
    case 'weekdays':
      return { kind: 'schedule', cron: cronFor(d.kind, d.time), timeZone: d.timeZone };
    case 'every-n-minutes':
      return { kind: 'schedule', cron: cronFor(d.kind, d.minutes), timeZone: d.timeZone };
    case 'cron':
      return { kind: 'schedule', cron: d.cron, timeZone: d.timeZone };
    case 'once':
      return { kind: 'once', at: d.at ? new Date(d.at).getTime() : 0 };
    case 'folder':
      return { kind: 'folder', path: d.folder, debounceMs: 2000 };
    default:
      return { kind: d.kind };
  }
}

/** Next five runs of the trigger as typed (schedules and one-off times). */
function useNextRuns(trigger: JobTrigger): { runs: number[]; error: string | null } {
  const [state, setState] = useState<{ runs: number[]; error: string | null }>({ runs: [], error: null });
  const key = JSON.stringify(trigger);
  const applicable = trigger.kind === 'schedule' || trigger.kind === 'once';
  useEffect(() => {
    if (!applicable) return;
    let live = true;
    getBridge()
      .request('jobs.preview', { trigger, count: 5 })
      .then((r) => live && setState({ runs: r.runs, error: null }))
      .catch((error: unknown) => live && setState({ runs: [], error: errorMessage(error) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is the trigger's value
  }, [key]);
  return applicable ? state : { runs: [], error: null };
}

const row = 'grid grid-cols-[10rem_1fr] items-center gap-3';

export function JobEditor({ job, onClose }: { job: Job | null; onClose: () => void }) {
  const agents = useAgentsStore((s) => s.agents);
  const save = useJobsStore((s) => s.save);
  const [d, setD] = useState<Draft>(() => draftOf(job, agents[0]?.definition.id ?? ''));
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setD((prev) => ({ ...prev, ...patch }));
  const trigger = triggerOf(d);
  const preview = useNextRuns(trigger);
  const schedule = ['daily', 'weekdays', 'every-n-minutes', 'cron'].includes(d.kind);

  const submit = async () => {
    const input: JobInput = {
      name: d.name,
      agentId: d.agentId,
      instruction: d.instruction,
      trigger,
      output: { markdownFolder: d.markdownFolder.trim() || null, note: d.note, task: d.task },
      limits: {
        maxToolRounds: d.maxToolRounds,
        maxTokens: d.maxTokens,
        maxWallSeconds: d.maxWallSeconds,
        approvalExpiryMinutes: job?.limits.approvalExpiryMinutes ?? 60,
      },
      missedPolicy: d.missedPolicy,
      requireTool: d.requireTool,
      enabled: job?.enabled ?? true,
    };
    try {
      await save(job?.id ?? null, input);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Card title={job ? `Edit "${job.name}"` : 'New job'} data-testid="job-editor">
      <div className="space-y-3 text-sm">
        <label className={row}>
          Name
          <TextInput data-testid="job-name" value={d.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className={row}>
          Agent
          <Select data-testid="job-agent" value={d.agentId} onChange={(e) => set({ agentId: e.target.value })}>
            {agents.map((a) => (
              <option key={a.definition.id} value={a.definition.id}>
                {a.definition.name}
              </option>
            ))}
          </Select>
        </label>
        <label className={row}>
          Instruction
          <textarea
            data-testid="job-instruction"
            rows={3}
            className="rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 dark:border-zinc-700 dark:bg-zinc-800"
            value={d.instruction}
            onChange={(e) => set({ instruction: e.target.value })}
          />
        </label>
        <label className={row}>
          Trigger
          <Select data-testid="job-trigger" value={d.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
            {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </label>
        {(d.kind === 'daily' || d.kind === 'weekdays') && (
          <label className={row}>
            Time
            <TextInput
              type="time"
              data-testid="job-time"
              value={d.time}
              onChange={(e) => set({ time: e.target.value })}
            />
          </label>
        )}
        {d.kind === 'every-n-minutes' && (
          <label className={row}>
            Minutes
            <TextInput
              type="number"
              min={1}
              max={59}
              data-testid="job-minutes"
              value={d.minutes}
              onChange={(e) => set({ minutes: e.target.value })}
            />
          </label>
        )}
        {d.kind === 'cron' && (
          <label className={row}>
            Cron
            <TextInput data-testid="job-cron" value={d.cron} onChange={(e) => set({ cron: e.target.value })} />
          </label>
        )}
        {schedule && (
          <>
            <label className={row}>
              Time zone
              <TextInput
                data-testid="job-timezone"
                value={d.timeZone}
                onChange={(e) => set({ timeZone: e.target.value })}
              />
            </label>
            <label className={row}>
              Missed while closed
              <Select
                value={d.missedPolicy}
                onChange={(e) => set({ missedPolicy: e.target.value as Draft['missedPolicy'] })}
              >
                <option value="skip">Skip</option>
                <option value="run-once">Run once on start</option>
              </Select>
            </label>
          </>
        )}
        {d.kind === 'once' && (
          <label className={row}>
            At
            <TextInput
              type="datetime-local"
              data-testid="job-at"
              value={d.at}
              onChange={(e) => set({ at: e.target.value })}
            />
          </label>
        )}
        {d.kind === 'folder' && (
          <label className={row}>
            Granted folder
            <TextInput data-testid="job-folder" value={d.folder} onChange={(e) => set({ folder: e.target.value })} />
          </label>
        )}
        {(schedule || d.kind === 'once') && (
          <div className={row}>
            <span>Next runs</span>
            <ol data-testid="job-next-runs" className="text-xs text-zinc-600 dark:text-zinc-400">
              {preview.error ? (
                <li className="text-red-600">{preview.error}</li>
              ) : (
                preview.runs.map((at) => <li key={at}>{new Date(at).toLocaleString()}</li>)
              )}
            </ol>
          </div>
        )}
        <label className={row}>
          Markdown output folder
          <TextInput
            placeholder="(optional) a granted folder"
            value={d.markdownFolder}
            onChange={(e) => set({ markdownFolder: e.target.value })}
          />
        </label>
        <div className={row}>
          <span>Also save as</span>
          <div className="flex gap-4 text-sm">
            <label>
              <input
                type="checkbox"
                data-testid="job-output-note"
                checked={d.note}
                onChange={(e) => set({ note: e.target.checked })}
              />{' '}
              a note of the agent
            </label>
            <label>
              <input
                type="checkbox"
                data-testid="job-output-task"
                checked={d.task}
                onChange={(e) => set({ task: e.target.checked })}
              />{' '}
              a task
            </label>
          </div>
        </div>
        <label className={row}>
          <span>Tools</span>
          <span className="text-sm">
            <input
              type="checkbox"
              data-testid="job-require-tool"
              checked={d.requireTool}
              onChange={(e) => set({ requireTool: e.target.checked })}
            />{' '}
            start each run by calling one of the agent&apos;s tools
          </span>
        </label>
        <div className={row}>
          <span>Limits</span>
          <div className="flex gap-3 text-xs">
            <label>
              Tool rounds{' '}
              <TextInput
                type="number"
                min={0}
                max={16}
                data-testid="job-max-tool-rounds"
                className="w-16"
                value={d.maxToolRounds}
                onChange={(e) => set({ maxToolRounds: Number(e.target.value) })}
              />
            </label>
            <label>
              Tokens{' '}
              <TextInput
                type="number"
                min={1}
                className="w-24"
                value={d.maxTokens}
                onChange={(e) => set({ maxTokens: Number(e.target.value) })}
              />
            </label>
            <label>
              Seconds{' '}
              <TextInput
                type="number"
                min={5}
                className="w-20"
                value={d.maxWallSeconds}
                onChange={(e) => set({ maxWallSeconds: Number(e.target.value) })}
              />
            </label>
          </div>
        </div>
        {error && (
          <p role="alert" data-testid="job-error" className="text-red-600">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" data-testid="job-save" onClick={() => void submit()}>
            Save
          </Button>
        </div>
      </div>
    </Card>
  );
}
