import type { ToolProgress } from '@contract';
import { ProgressBar } from '../../components/ProgressBar';

/** What a running tool last said about its progress: a bar when it knows the total, the count and its message. */
export function ToolProgressLine({ progress }: { progress: ToolProgress }) {
  const known = progress.total !== null && progress.total > 0;
  const count = known ? `${progress.progress} of ${progress.total}` : String(progress.progress);
  return (
    <div className="space-y-1" data-testid="tool-call-progress">
      {known && <ProgressBar value={progress.progress / (progress.total ?? 1)} label="Tool progress" />}
      <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="tool-call-progress-text">
        {count}
        {progress.message ? ` — ${progress.message}` : ''}
      </p>
    </div>
  );
}
