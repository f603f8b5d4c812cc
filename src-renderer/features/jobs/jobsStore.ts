import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { InboxItem, Job, JobInput, MessageView, Run, RunOutputs } from '@contract';
import { getBridge } from '../../bridge';
import { toShownError, type ShownError, errorGuard } from '../../lib/errors';
import type { BridgeSource } from '../../stores/bridgeSource';

export interface JobsState {
  jobs: Job[];
  runs: Run[];
  inbox: InboxItem[];
  /** The job whose history is shown (null: every job). */
  selectedJobId: string | null;
  detail: { run: Run; transcript: MessageView[]; outputs: RunOutputs } | null;
  loaded: boolean;
  error: ShownError | null;
  refresh(): Promise<void>;
  /** Subscribes to jobs/runs/inbox events; returns the undo. */
  watch(): () => void;
  select(jobId: string | null): void;
  save(id: string | null, input: JobInput): Promise<Job>;
  remove(id: string): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  runNow(id: string): Promise<Run>;
  openRun(id: string | null): Promise<void>;
  cancelRun(id: string): Promise<void>;
  respond(callId: string, decision: 'approve' | 'deny'): Promise<void>;
}

function upsertRun(runs: Run[], run: Run): Run[] {
  const at = runs.findIndex((r) => r.id === run.id);
  if (at >= 0) return runs.map((r) => (r.id === run.id ? run : r));
  return [run, ...runs];
}

export function createJobsStore(bridge: BridgeSource) {
  return createStore<JobsState>()((set, get) => {
    const guarded = errorGuard(set);
    const loadRuns = async () => {
      const jobId = get().selectedJobId;
      const runs = await bridge().request('runs.list', jobId ? { jobId } : {});
      if (get().selectedJobId === jobId) set({ runs });
    };
    return {
      jobs: [],
      runs: [],
      inbox: [],
      selectedJobId: null,
      detail: null,
      loaded: false,
      error: null,

      async refresh() {
        try {
          const [jobs, inbox] = await Promise.all([
            bridge().request('jobs.list', {}),
            bridge().request('runs.inbox', {}),
          ]);
          set({ jobs, inbox, loaded: true, error: null });
          await loadRuns();
        } catch (error) {
          set({ loaded: true, error: toShownError(error) });
        }
      },
      watch() {
        void get().refresh();
        const offJobs = bridge().on('jobs.changed', ({ job, id, deleted }) =>
          set((s) => ({
            jobs:
              deleted || !job
                ? s.jobs.filter((j) => j.id !== id)
                : s.jobs.some((j) => j.id === id)
                  ? s.jobs.map((j) => (j.id === id ? job : j))
                  : [...s.jobs, job],
          })),
        );
        const offRuns = bridge().on('runs.changed', (run) => {
          const { selectedJobId, detail } = get();
          if (!selectedJobId || run.jobId === selectedJobId) set((s) => ({ runs: upsertRun(s.runs, run) }));
          if (detail?.run.id === run.id) void get().openRun(run.id);
        });
        const offInbox = bridge().on('runs.inbox', (inbox) => set({ inbox }));
        return () => {
          offJobs();
          offRuns();
          offInbox();
        };
      },
      select(jobId) {
        set({ selectedJobId: jobId, runs: [] });
        void loadRuns();
      },
      save: (id, input) =>
        guarded(() =>
          id ? bridge().request('jobs.update', { id, job: input }) : bridge().request('jobs.create', input),
        ),
      async remove(id) {
        await guarded(() => bridge().request('jobs.delete', { id }));
        if (get().selectedJobId === id) get().select(null);
      },
      async setEnabled(id, enabled) {
        // The switch moves on click; a refusal puts it back (jobs.changed brings the stored row otherwise).
        const flip = (on: boolean) =>
          set((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, enabled: on } : j)) }));
        flip(enabled);
        try {
          await guarded(() => bridge().request('jobs.setEnabled', { id, enabled }));
        } catch (error) {
          flip(!enabled);
          throw error;
        }
      },
      runNow: (id) => guarded(() => bridge().request('jobs.runNow', { id })),
      async openRun(id) {
        if (!id) return set({ detail: null });
        set({ detail: await guarded(() => bridge().request('runs.get', { id })) });
      },
      async cancelRun(id) {
        await guarded(() => bridge().request('runs.cancel', { id }));
      },
      async respond(callId, decision) {
        await guarded(() => bridge().request('runs.respond', { callId, decision }));
        set((s) => ({ inbox: s.inbox.filter((i) => i.callId !== callId) }));
      },
    };
  });
}

export const jobsStore = createJobsStore(getBridge);

export function useJobsStore<T>(selector: (state: JobsState) => T): T {
  return useStore(jobsStore, selector);
}
