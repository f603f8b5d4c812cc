import { useEffect, useState } from 'react';
import type { Citation } from '@contract';
import { citationLabel } from '../knowledgeText';
import { citationsStore, useCitations } from './citationsStore';
import { PassageDialog } from './PassageDialog';

/** A finished reply's numbered sources; each opens the cited passage. Renders nothing for replies without. */
export function CitationList({ messageId }: { messageId: string }) {
  const citations = useCitations(messageId);
  const [open, setOpen] = useState<Citation | null>(null);
  useEffect(() => citationsStore.getState().want(messageId), [messageId]);
  if (!citations || citations.length === 0) return null;
  return (
    <div className="mt-2" data-testid="citations">
      <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Sources</p>
      <ol className="mt-1 flex flex-wrap gap-1.5">
        {citations.map((citation) => (
          <li key={citation.n}>
            <button
              type="button"
              data-testid="citation"
              data-chunk-id={citation.chunkId ?? undefined}
              title={citation.excerpt}
              onClick={() => setOpen(citation)}
              className="inline-flex max-w-72 items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 py-0.5 text-xs text-zinc-700 hover:border-emerald-400 hover:bg-emerald-50 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200 dark:hover:bg-emerald-950/40"
            >
              <span className="font-semibold text-emerald-700 dark:text-emerald-400">[{citation.n}]</span>
              <span className="truncate">{citationLabel(citation)}</span>
            </button>
          </li>
        ))}
      </ol>
      {open && <PassageDialog citation={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
