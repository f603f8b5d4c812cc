import { useEffect, useState } from 'react';
import type { PromptCacheStats } from '@contract';
import { getBridge } from '../../bridge';
import { Card } from '../../components/Card';
import { promptCacheLines } from './promptCacheText';

/**
 * The inference worker's persistent prompt cache: reuse, disk used against the budget (Settings), saved states.
 * Read when the screen opens; hidden until the worker runs (asking never starts it) or when the cache is off.
 */
export function PromptCacheCard() {
  const [stats, setStats] = useState<PromptCacheStats | null>(null);
  useEffect(() => {
    let current = true;
    void getBridge()
      .request('inference.promptCache', {})
      .then(
        (value) => current && setStats(value),
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, []);
  if (!stats?.enabled) return null;
  const lines = promptCacheLines(stats);
  return (
    <Card
      title="Prompt cache"
      description="Evaluated prompts kept on disk, so a conversation or an agent resumes without evaluating them again."
      data-testid="dashboard-prompt-cache"
    >
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-zinc-500 dark:text-zinc-400">Reuse</dt>
        <dd data-testid="prompt-cache-reuse">{lines.reuse}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Disk</dt>
        <dd data-testid="prompt-cache-disk">{lines.disk}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Files</dt>
        <dd>{lines.files}</dd>
        {lines.problems ? (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Dropped</dt>
            <dd>{lines.problems}</dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}
