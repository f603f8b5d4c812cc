import { useEffect } from 'react';
import { chatHref } from '../../lib/hashRoute';
import { useConversationsStore } from '../../stores/conversationsStore';
import { splitSnippet } from '../../stores/conversationsState';
import { SearchIcon } from './chatIcons';

const DEBOUNCE_MS = 250;

/** Full-text search over every conversation's messages; a hit opens its conversation at the message. */
export function SearchBox({ value, onChange }: { value: string; onChange(value: string): void }) {
  const runSearch = useConversationsStore((s) => s.runSearch);
  useEffect(() => {
    const timer = setTimeout(() => void runSearch(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value, runSearch]);

  return (
    <div className="relative">
      <SearchIcon size={14} className="pointer-events-none absolute top-1/2 left-2 -translate-y-1/2 text-zinc-400" />
      <input
        type="search"
        aria-label="Search messages"
        data-testid="chat-search"
        placeholder="Search messages"
        value={value}
        maxLength={200}
        onChange={(e) => onChange(e.target.value)}
        className="w-full rounded-md border border-zinc-300 bg-white py-1.5 pr-2 pl-7 text-sm placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:border-zinc-700 dark:bg-zinc-800"
      />
    </div>
  );
}

export function SearchResults({ onOpen }: { onOpen(): void }) {
  const search = useConversationsStore((s) => s.search);
  return (
    <div data-testid="search-results" aria-live="polite" className="min-h-0 flex-1 overflow-y-auto">
      {search.pending && <p className="px-2 py-1 text-xs text-zinc-500">Searching…</p>}
      {search.error && (
        <p role="alert" className="px-2 py-1 text-xs text-red-700 dark:text-red-300">
          {search.error.message}
        </p>
      )}
      {!search.pending && !search.error && search.query && search.hits.length === 0 && (
        <p className="px-2 py-1 text-xs text-zinc-500">No messages match “{search.query}”.</p>
      )}
      <ul className="space-y-0.5">
        {search.hits.map((hit) => (
          <li key={`${hit.conversationId}:${hit.messageId}`}>
            <a
              href={chatHref(hit.conversationId, hit.messageId)}
              data-testid="search-hit"
              onClick={onOpen}
              className="block rounded-md px-2 py-1.5 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:bg-zinc-800"
            >
              <span className="block truncate text-xs font-medium text-zinc-700 dark:text-zinc-200">
                {hit.conversationTitle || 'Untitled chat'}
                <span className="font-normal text-zinc-500"> · {hit.role === 'user' ? 'you' : hit.role}</span>
              </span>
              <span className="line-clamp-3 text-xs text-zinc-600 dark:text-zinc-400">
                {splitSnippet(hit.snippet).map((part, i) =>
                  part.match ? (
                    <mark
                      key={i}
                      className="rounded-sm bg-amber-200 px-0.5 text-zinc-900 dark:bg-amber-700/70 dark:text-white"
                    >
                      {part.text}
                    </mark>
                  ) : (
                    <span key={i}>{part.text}</span>
                  ),
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
