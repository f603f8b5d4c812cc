import { useEffect, useState } from 'react';
import type { PromptCacheStats } from '@contract';
import { getBridge } from '../../bridge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes, formatCount } from '../../lib/format';
import { promptCacheLines } from './promptCacheText';

/**
 * The inference worker's persistent prompt cache: reuse, disk used against the budget (Settings), saved states,
 * and "Clear". Read when the screen opens; hidden until the worker runs (asking never starts it) or when off.
 */
export function PromptCacheCard() {
  const [stats, setStats] = useState<PromptCacheStats | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [clearError, setClearError] = useState<string | null>(null);
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

  const clear = async () => {
    setClearing(true);
    setClearError(null);
    try {
      const after = await getBridge().request('inference.promptCacheClear', {});
      // Null: the engine stopped meanwhile (idle exit); its files stay until it runs again.
      if (after) setStats(after);
      else setClearError('The engine stopped before it could clear the cache. Try again once it runs.');
    } catch (error) {
      setClearError(`Could not clear the cache: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setClearing(false);
      setConfirming(false);
    }
  };

  return (
    <Card
      title="Prompt cache"
      description="Evaluated prompts kept on disk, so a conversation or an agent resumes without evaluating them again."
      actions={
        <Button
          onClick={() => setConfirming(true)}
          disabled={stats.entries === 0 || clearing}
          data-testid="prompt-cache-clear"
        >
          Clear
        </Button>
      }
      data-testid="dashboard-prompt-cache"
    >
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-zinc-500 dark:text-zinc-400">Reuse</dt>
        <dd data-testid="prompt-cache-reuse">{lines.reuse}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Disk</dt>
        <dd data-testid="prompt-cache-disk">{lines.disk}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Files</dt>
        <dd data-testid="prompt-cache-files">{lines.files}</dd>
        {lines.problems ? (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Dropped</dt>
            <dd>{lines.problems}</dd>
          </>
        ) : null}
      </dl>
      {clearError && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {clearError}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Clear the prompt cache?"
        confirmLabel="Clear cache"
        destructive
        busy={clearing}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void clear()}
      >
        The {formatCount(stats.entries)} saved states ({formatBytes(stats.bytes)}) are deleted. Conversations and agents
        evaluate their prompts again the next time, and are saved again after. The budget stays.
      </ConfirmDialog>
    </Card>
  );
}
