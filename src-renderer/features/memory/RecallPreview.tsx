import { useState } from 'react';
import type { RecallResult } from '@contract';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { TextInput } from '../../components/TextInput';
import { memoryStore } from './memoryStore';

/** Shows what the agent would be reminded of for a message, and why each fact ranked where it did. */
export function RecallPreview() {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<RecallResult | null>(null);
  const run = async () => {
    if (!query.trim()) return;
    setResult(
      await memoryStore
        .getState()
        .recall(query)
        .catch(() => null),
    );
  };
  return (
    <Card
      title="Try recall"
      description="What this agent would recall for a message: keyword and meaning matches fused."
    >
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <TextInput
          aria-label="Recall query"
          data-testid="memory-recall-query"
          className="flex-1"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="e.g. what is my dog called?"
        />
        <Button type="submit" data-testid="memory-recall-run">
          Recall
        </Button>
      </form>
      {result && (
        <div className="mt-3" data-testid="memory-recall-result" data-mode={result.mode}>
          <p className="text-xs text-zinc-500">
            {result.mode === 'hybrid'
              ? 'Keyword + meaning'
              : `Keyword only${result.reason ? ` (${result.reason})` : ''}`}
          </p>
          <ol className="mt-1 grid gap-1 text-sm">
            {result.hits.map((hit) => (
              <li key={hit.fact.id} data-testid="memory-recall-hit">
                {hit.fact.text}{' '}
                <span className="text-xs text-zinc-500">
                  {hit.keywordRank !== null ? `keyword #${hit.keywordRank}` : 'no keyword match'} ·{' '}
                  {hit.vectorSimilarity !== null ? `similarity ${hit.vectorSimilarity.toFixed(2)}` : 'no meaning match'}
                </span>
              </li>
            ))}
            {result.hits.length === 0 && <li className="text-zinc-500">Nothing recalled.</li>}
          </ol>
        </div>
      )}
    </Card>
  );
}
