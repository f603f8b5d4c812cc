import type { PromptCacheStats } from '@contract';
import { formatBytes, formatCount } from '../../lib/format';

export interface PromptCacheLines {
  reuse: string;
  disk: string;
  files: string;
  problems: string | null;
}

/** The prompt cache's figures as Dashboard lines: prompts reused, disk used against the budget, files. */
export function promptCacheLines(stats: PromptCacheStats): PromptCacheLines {
  const replies = stats.hits + stats.sequenceHits + stats.misses;
  const reused = stats.hits + stats.sequenceHits;
  const share = replies === 0 ? '—' : `${Math.round((100 * reused) / replies)}%`;
  const issues = [
    stats.corrupt > 0 ? `${formatCount(stats.corrupt)} damaged ignored` : null,
    stats.evicted > 0 ? `${formatCount(stats.evicted)} evicted for the budget` : null,
    stats.invalidated > 0 ? `${formatCount(stats.invalidated)} dropped for a changed model` : null,
  ].filter((line): line is string => line !== null);
  return {
    reuse: `${share} of ${formatCount(replies)} replies reused an evaluated prompt (${formatCount(stats.hits)} from disk)`,
    disk: `${formatBytes(stats.bytes)} of ${formatBytes(stats.budgetBytes)}`,
    files: `${formatCount(stats.entries)} saved states, ${formatCount(stats.saves)} saved since start`,
    problems: issues.length > 0 ? issues.join(' · ') : null,
  };
}
