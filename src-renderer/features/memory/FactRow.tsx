import { useState } from 'react';
import type { MemoryFact } from '@contract';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { TextInput } from '../../components/TextInput';
import { chatHref } from '../../lib/hashRoute';
import { memoryStore } from './memoryStore';
import { sourceLabel } from './memoryText';

export function FactRow({ fact }: { fact: MemoryFact }) {
  const [draft, setDraft] = useState<string | null>(null);
  const store = memoryStore.getState();
  const save = async () => {
    if (draft === null || !draft.trim()) return;
    await store.update(fact.id, { text: draft }).catch(() => {});
    setDraft(null);
  };
  return (
    <li data-testid="memory-fact" data-fact-id={fact.id} className="flex items-start gap-3 py-2.5">
      <div className="min-w-0 flex-1">
        {draft === null ? (
          <p data-testid="memory-fact-text" className="text-sm text-zinc-900 dark:text-zinc-100">
            {fact.text}
          </p>
        ) : (
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <TextInput
              aria-label="Fact text"
              data-testid="memory-edit-input"
              className="flex-1"
              value={draft}
              maxLength={1000}
              onChange={(e) => setDraft(e.target.value)}
              autoFocus
            />
            <Button type="submit" variant="primary" data-testid="memory-edit-save">
              Save
            </Button>
            <Button onClick={() => setDraft(null)}>Cancel</Button>
          </form>
        )}
        <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          {fact.pinned && <Badge tone="accent">Pinned</Badge>}
          {fact.agentId === null && <Badge>Global</Badge>}
          {!fact.embedded && <Badge tone="warning">Keyword only</Badge>}
          <span>{sourceLabel(fact.source)}</span>
          {fact.conversationId && (
            <a
              className="underline"
              href={chatHref(fact.conversationId, fact.messageId)}
              data-testid="memory-fact-source"
            >
              from a conversation
            </a>
          )}
          <span>· saved {new Date(fact.createdAt).toLocaleString()}</span>
        </p>
      </div>
      {draft === null && (
        <div className="flex shrink-0 gap-1">
          <Button
            variant="ghost"
            data-testid="memory-pin"
            aria-pressed={fact.pinned}
            onClick={() => void store.update(fact.id, { pinned: !fact.pinned }).catch(() => {})}
          >
            {fact.pinned ? 'Unpin' : 'Pin'}
          </Button>
          <Button variant="ghost" data-testid="memory-edit" onClick={() => setDraft(fact.text)}>
            Edit
          </Button>
          <Button
            variant="ghostDanger"
            data-testid="memory-delete"
            onClick={() => void store.remove(fact.id).catch(() => {})}
          >
            Delete
          </Button>
        </div>
      )}
    </li>
  );
}
