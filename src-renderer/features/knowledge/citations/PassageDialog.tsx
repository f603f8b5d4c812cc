import { useEffect, useId, useRef, useState } from 'react';
import type { Citation, KnowledgePassage } from '@contract';
import { OutpostError } from '../../../../src-preload/contract/outpostError';
import { getBridge } from '../../../bridge';
import { Button } from '../../../components/Button';
import { cx } from '../../../components/cx';
import { errorMessage } from '../../../lib/errors';
import { whereText } from '../knowledgeText';

type Loaded =
  | { kind: 'loading' }
  | { kind: 'passage'; passage: KnowledgePassage }
  /** The file was re-indexed or removed since the answer: the saved excerpt is all there is. */
  | { kind: 'excerpt' }
  | { kind: 'error'; message: string };

function usePassage(citation: Citation): Loaded {
  const [state, setState] = useState<Loaded>(citation.chunkId === null ? { kind: 'excerpt' } : { kind: 'loading' });
  useEffect(() => {
    if (citation.chunkId === null) return;
    let live = true;
    getBridge()
      .request('knowledge.passage', { chunkId: citation.chunkId })
      .then((passage) => live && setState({ kind: 'passage', passage }))
      .catch((error: unknown) => {
        if (!live) return;
        const gone = error instanceof OutpostError && error.code === 'not_found';
        setState(gone ? { kind: 'excerpt' } : { kind: 'error', message: errorMessage(error) });
      });
    return () => {
      live = false;
    };
  }, [citation.chunkId]);
  return state;
}

/** Electron opens the file with the system's app; the headless host hands out a one-time download link. */
async function openFile(fileId: number): Promise<void> {
  const result = await getBridge().request('knowledge.openFile', { fileId });
  if (result.downloadUrl) {
    const link = Object.assign(document.createElement('a'), { href: result.downloadUrl, download: '' });
    document.body.append(link);
    link.click();
    link.remove();
  }
}

/** The cited passage in its document: file, page or heading, the chunk highlighted between its neighbours. */
export function PassageDialog({ citation, onClose }: { citation: Citation; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const loaded = usePassage(citation);
  const [openError, setOpenError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const where = whereText(citation);
  const passage = loaded.kind === 'passage' ? loaded.passage : null;
  return (
    <dialog
      ref={ref}
      data-testid="passage-viewer"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={cx(
        'm-auto w-full max-w-2xl rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl',
        'backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/60',
      )}
    >
      <div className="px-5 pt-4 pb-4">
        <h2 id={titleId} className="text-base font-semibold">
          <span className="mr-1.5 text-zinc-400">[{citation.n}]</span>
          <span data-testid="passage-file">{citation.fileName}</span>
        </h2>
        <p className="mt-0.5 truncate text-xs text-zinc-500" title={citation.path}>
          {where && <span data-testid="passage-where">{where} · </span>}
          {citation.path}
        </p>
        <div
          className="mt-3 max-h-[55vh] overflow-y-auto rounded-lg bg-zinc-50 px-3.5 py-3 text-sm leading-relaxed whitespace-pre-wrap dark:bg-zinc-950/60"
          data-testid="passage-body"
        >
          {loaded.kind === 'loading' && <p className="text-zinc-500">Loading the passage…</p>}
          {loaded.kind === 'error' && (
            <p role="alert" className="text-red-600 dark:text-red-400">
              {loaded.message}
            </p>
          )}
          {loaded.kind === 'excerpt' && (
            <>
              <p className="mb-2 text-xs text-amber-700 dark:text-amber-400" data-testid="passage-stale">
                This file changed or was removed since the answer; showing the excerpt saved with it.
              </p>
              <mark
                data-testid="passage-highlight"
                className="rounded bg-amber-100 px-0.5 dark:bg-amber-900/60 dark:text-amber-50"
              >
                {citation.excerpt}
              </mark>
            </>
          )}
          {passage && (
            <>
              {passage.before && (
                <span className="text-zinc-500 dark:text-zinc-400">
                  {passage.before}
                  {'\n\n'}
                </span>
              )}
              <mark
                data-testid="passage-highlight"
                className="rounded bg-amber-100 px-0.5 dark:bg-amber-900/60 dark:text-amber-50"
              >
                {passage.hit.text}
              </mark>
              {passage.after && (
                <span className="text-zinc-500 dark:text-zinc-400">
                  {'\n\n'}
                  {passage.after}
                </span>
              )}
            </>
          )}
        </div>
        {openError && (
          <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400" data-testid="passage-open-error">
            {openError}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          {passage && (
            <Button
              data-testid="passage-open-file"
              disabled={opening}
              onClick={() => {
                setOpening(true);
                setOpenError(null);
                openFile(passage.file.id)
                  .catch((error: unknown) => setOpenError(errorMessage(error)))
                  .finally(() => setOpening(false));
              }}
            >
              Open file
            </Button>
          )}
          <Button variant="primary" data-testid="passage-close" onClick={onClose} autoFocus>
            Close
          </Button>
        </div>
      </div>
    </dialog>
  );
}
