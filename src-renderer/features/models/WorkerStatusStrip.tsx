import { cx } from '../../components/cx';
import { CpuIcon } from '../../components/icons';
import { useModelsStore } from '../../stores/modelsStore';
import { gpuSummary, workerSummary, type WorkerSummary } from './modelText';

const DOT: Record<WorkerSummary['tone'], string> = {
  ok: 'bg-emerald-500',
  busy: 'bg-amber-500 animate-pulse',
  bad: 'bg-red-500',
  idle: 'bg-zinc-400 dark:bg-zinc-500',
};

/** One line about the llama.cpp worker process: state, backend, GPUs, restarts. */
export function WorkerStatusStrip() {
  const worker = useModelsStore((s) => s.worker);
  const summary = workerSummary(worker);
  const gpu = gpuSummary(worker);
  return (
    <div
      data-testid="worker-status"
      data-state={worker?.state ?? 'unknown'}
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-zinc-200 bg-white px-3.5 py-2 text-sm shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <span className="flex items-center gap-2 font-medium text-zinc-800 dark:text-zinc-200">
        <span aria-hidden="true" className={cx('size-2 rounded-full', DOT[summary.tone])} />
        {summary.title}
      </span>
      {summary.detail && <span className="text-zinc-500 dark:text-zinc-400">{summary.detail}</span>}
      <span className="ml-auto flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        <CpuIcon size={14} />
        {gpu ?? (worker?.backend === 'cpu' ? 'No GPU in use' : 'GPUs are listed once the worker runs')}
      </span>
    </div>
  );
}
