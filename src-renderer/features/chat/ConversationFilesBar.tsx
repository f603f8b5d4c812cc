import { hrefFor } from '../../lib/hashRoute';
import { useKnowledgeStore } from '../knowledge/knowledgeStore';
import { isBusy, progressLine } from '../knowledge/knowledgeText';

/** Files dropped into this conversation: how many, and whether they are still being indexed. */
export function ConversationFilesBar({ conversationId }: { conversationId: string | null }) {
  const base = useKnowledgeStore((s) =>
    conversationId ? s.bases.find((b) => b.conversationId === conversationId) : undefined,
  );
  const progress = useKnowledgeStore((s) => (base ? s.progress[base.id] : undefined)) ?? base?.progress;
  if (!base || !progress) return null;
  const busy = isBusy(progress);
  return (
    <p
      className="mx-auto mb-2 flex max-w-3xl items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="chat-files"
      data-state={progress.state}
    >
      <span aria-hidden="true">📎</span>
      <span>
        {base.counts.indexed} file{base.counts.indexed === 1 ? '' : 's'} in this chat
        {base.counts.failed > 0 && `, ${base.counts.failed} could not be read`}
        {busy && ` · ${progressLine(progress)}`}
      </span>
      <a className="text-emerald-700 underline dark:text-emerald-400" href={hrefFor('knowledge')}>
        See them
      </a>
    </p>
  );
}
