import { useState } from 'react';
import type { KnowledgeBase } from '@contract';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProgressBar } from '../../components/ProgressBar';
import { TextInput } from '../../components/TextInput';
import { FileTable } from './FileTable';
import { knowledgeStore, useKnowledgeStore } from './knowledgeStore';
import { isBusy, progressFraction, progressLine } from './knowledgeText';
import { SourceForm } from './SourceForm';

function NameEditor({ base }: { base: KnowledgeBase }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null) {
    return (
      <span className="flex items-center gap-2">
        <span data-testid="knowledge-title">{base.name}</span>
        <Button variant="ghost" className="text-xs" data-testid="knowledge-rename" onClick={() => setDraft(base.name)}>
          Rename
        </Button>
      </span>
    );
  }
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) return;
        void knowledgeStore
          .getState()
          .rename(base.id, draft.trim())
          .then(() => setDraft(null))
          .catch(() => {});
      }}
    >
      <TextInput
        aria-label="Knowledge base name"
        data-testid="knowledge-rename-input"
        value={draft}
        maxLength={200}
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}
      />
      <Button type="submit" variant="primary" disabled={!draft.trim()}>
        Save
      </Button>
    </form>
  );
}

/** One base: its indexing, sources (add / remove), pause, re-index, forget, and its documents. */
export function BaseDetail({ base }: { base: KnowledgeBase }) {
  const progress = useKnowledgeStore((s) => s.progress[base.id]) ?? base.progress;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const store = knowledgeStore.getState();
  const busy = isBusy(progress);
  const paused = base.paused;

  return (
    <div className="min-w-0 space-y-5" data-testid="knowledge-detail" data-base-id={base.id}>
      <Card
        title={<NameEditor base={base} />}
        description={base.conversationId ? 'Files dropped into one conversation.' : undefined}
        actions={
          <>
            {paused ? (
              <Button data-testid="knowledge-resume" onClick={() => void store.resume(base.id).catch(() => {})}>
                Resume
              </Button>
            ) : (
              <Button data-testid="knowledge-pause" onClick={() => void store.pause(base.id).catch(() => {})}>
                Pause
              </Button>
            )}
            <Button
              data-testid="knowledge-rescan"
              disabled={paused}
              onClick={() => void store.rescan(base.id).catch(() => {})}
            >
              Re-index
            </Button>
            <Button variant="ghostDanger" data-testid="knowledge-delete" onClick={() => setConfirmDelete(true)}>
              Forget
            </Button>
          </>
        }
      >
        <div data-testid="knowledge-progress" data-state={progress.state} aria-live="polite">
          <ProgressBar value={progressFraction(progress)} label={`Indexing ${base.name}`} />
          <p className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="knowledge-progress-text">
            {progressLine(progress)}
          </p>
          {!busy && base.counts.failed + base.counts.skipped > 0 && (
            <p className="mt-1 text-xs text-zinc-500">
              {base.counts.failed} failed, {base.counts.skipped} skipped: see why below.
            </p>
          )}
        </div>
        <h3 className="mt-4 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Sources</h3>
        <ul className="mt-1.5 space-y-1" data-testid="knowledge-sources">
          {base.sources.map((source) => (
            <li key={source.id} className="flex items-center gap-2 text-sm" data-testid="knowledge-source">
              <span className="shrink-0 text-xs text-zinc-500">{source.kind === 'folder' ? 'Folder' : 'File'}</span>
              <code className="min-w-0 flex-1 truncate" title={source.path}>
                {source.path}
              </code>
              {(source.include.length > 0 || source.exclude.length > 0) && (
                <span className="shrink-0 truncate text-xs text-zinc-500">
                  {source.include.length > 0 && `only ${source.include.join(', ')}`}
                  {source.exclude.length > 0 && ` not ${source.exclude.join(', ')}`}
                </span>
              )}
              <Button
                variant="ghostDanger"
                className="text-xs"
                data-testid="knowledge-source-remove"
                disabled={base.sources.length === 1}
                title={
                  base.sources.length === 1 ? 'A base keeps at least one source; forget the base instead' : undefined
                }
                onClick={() => void store.removeSource(base.id, source.id).catch(() => {})}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
        <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
          <SourceForm
            testId="knowledge-add-source"
            submitLabel="Add source"
            onSubmit={(source) => store.addSource(base.id, source)}
          />
        </div>
      </Card>
      <FileTable base={base} />
      <ConfirmDialog
        open={confirmDelete}
        title={`Forget ${base.name}?`}
        confirmLabel="Forget this base"
        destructive
        busy={deleting}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setDeleting(true);
          void store
            .remove(base.id)
            .catch(() => {})
            .finally(() => {
              setDeleting(false);
              setConfirmDelete(false);
            });
        }}
      >
        Its index (passages and vectors) is deleted and agents stop using it. Your files on disk are not touched.
      </ConfirmDialog>
    </div>
  );
}
