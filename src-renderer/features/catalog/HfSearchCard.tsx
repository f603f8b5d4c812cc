import { useState, type FormEvent } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { TextInput } from '../../components/TextInput';
import { formatBytes, formatCount } from '../../lib/format';
import type { SearchState } from '../../stores/catalogState';
import { useCatalogStore } from '../../stores/catalogStore';
import { searchFailureText } from './catalogText';
import { HfTokenField } from './HfTokenField';

/** Searching Hugging Face needs the internet; the curated catalog above never does. */
export function HfSearchCard() {
  const [query, setQuery] = useState('');
  const search = useCatalogStore((s) => s.search);
  const runSearch = useCatalogStore((s) => s.runSearch);
  const running = search.status === 'running';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim() !== '' && !running) void runSearch(query);
  };

  return (
    <Card
      title="Search Hugging Face"
      description="GGUF models beyond the curated list. Needs an internet connection; results are for browsing, downloads go through the catalog."
      data-testid="hf-search"
    >
      <form className="flex flex-wrap gap-2" onSubmit={submit} role="search">
        <label htmlFor="catalog-search-input" className="sr-only">
          Search Hugging Face
        </label>
        <TextInput
          id="catalog-search-input"
          data-testid="catalog-search-input"
          type="search"
          className="min-w-64 flex-1"
          placeholder="e.g. qwen2.5 coder gguf"
          value={query}
          maxLength={200}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Button type="submit" data-testid="catalog-search-submit" disabled={running || query.trim() === ''}>
          {running ? 'Searching…' : 'Search'}
        </Button>
      </form>
      <SearchResults search={search} />
      <HfTokenField />
    </Card>
  );
}

function SearchResults({ search }: { search: SearchState }) {
  if (search.status === 'failed' && search.error) {
    const text = searchFailureText(search.error);
    return (
      <Banner
        level={text.calm ? 'info' : 'error'}
        title={text.title}
        className="mt-3"
        data-testid="catalog-search-error"
        data-code={search.error.code}
      >
        <p className="break-words">{text.detail}</p>
      </Banner>
    );
  }
  if (search.status !== 'done') return null;
  if (search.results.length === 0) {
    return (
      <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400" data-testid="catalog-search-empty">
        No GGUF repositories match “{search.query}”.
      </p>
    );
  }
  return (
    <ul className="mt-3 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="catalog-search-results">
      {search.results.map((result) => (
        <li key={result.repo} className="py-2.5" data-testid="catalog-search-result" data-repo={result.repo}>
          <div className="flex flex-wrap items-baseline gap-x-3">
            <a
              href={`https://huggingface.co/${result.repo}`}
              target="_blank"
              rel="noopener noreferrer"
              className="text-sm font-medium text-zinc-900 hover:underline dark:text-zinc-100"
            >
              {result.repo}
            </a>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {[
                result.downloads !== null ? `${formatCount(result.downloads)} downloads` : null,
                result.likes !== null ? `${formatCount(result.likes)} likes` : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </div>
          {result.ggufFiles.length > 0 && (
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              {result.ggufFiles.map((file) => (
                <li key={file.fileName} className="font-mono">
                  {file.fileName}{' '}
                  <span className="text-zinc-400 dark:text-zinc-500">
                    {file.sizeBytes !== null ? formatBytes(file.sizeBytes) : 'size unknown'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
