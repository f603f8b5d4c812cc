import type { KnowledgeBase } from '@contract';
import { ProgressBar } from '../../components/ProgressBar';
import { cx } from '../../components/cx';
import { knowledgeStore, useKnowledgeStore } from './knowledgeStore';
import { isBusy, progressFraction, progressLine } from './knowledgeText';

function BaseItem({ base, selected }: { base: KnowledgeBase; selected: boolean }) {
  const progress = useKnowledgeStore((s) => s.progress[base.id]) ?? base.progress;
  return (
    <li>
      <button
        type="button"
        data-testid="knowledge-base"
        data-base-id={base.id}
        data-state={progress.state}
        aria-current={selected ? 'true' : undefined}
        onClick={() => knowledgeStore.getState().select(base.id)}
        className={cx(
          'w-full rounded-lg border px-3 py-2.5 text-left transition-colors',
          'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-500',
          selected
            ? 'border-emerald-500 bg-emerald-50/60 dark:border-emerald-600 dark:bg-emerald-950/30'
            : 'border-zinc-200 bg-white hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800/60',
        )}
      >
        <span className="block truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{base.name}</span>
        <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
          {base.counts.indexed} of {base.counts.files} files · {base.counts.chunks} passages
          {base.counts.failed > 0 && (
            <span className="text-red-600 dark:text-red-400"> · {base.counts.failed} failed</span>
          )}
          {base.conversationId !== null && ' · from a chat'}
        </span>
        {isBusy(progress) && (
          <>
            <ProgressBar className="mt-2" value={progressFraction(progress)} label={`Indexing ${base.name}`} />
            <span className="mt-1 block truncate text-xs text-zinc-500">{progressLine(progress)}</span>
          </>
        )}
        {progress.state === 'paused' && (
          <span className="mt-1 block text-xs text-amber-700 dark:text-amber-400">Paused</span>
        )}
      </button>
    </li>
  );
}

export function BaseList() {
  const bases = useKnowledgeStore((s) => s.bases);
  const selectedId = useKnowledgeStore((s) => s.selectedId);
  return (
    <nav aria-label="Knowledge bases">
      <ul className="space-y-2" data-testid="knowledge-bases">
        {bases.map((base) => (
          <BaseItem key={base.id} base={base} selected={base.id === selectedId} />
        ))}
      </ul>
    </nav>
  );
}
