import { describe, expect, it } from 'vitest';
import { PROMPT_CACHE_OFF, type PromptCacheStats } from '@contract';
import { formatBytes } from '../../lib/format';
import { promptCacheLines } from './promptCacheText';

const stats = (extra: Partial<PromptCacheStats> = {}): PromptCacheStats => ({
  ...PROMPT_CACHE_OFF,
  enabled: true,
  budgetBytes: 1024 ** 3,
  ...extra,
});

describe('promptCacheLines', () => {
  it('shows reuse over all replies, disk against the budget, and files', () => {
    const lines = promptCacheLines(
      stats({ hits: 1, sequenceHits: 2, misses: 1, entries: 6, saves: 7, bytes: 84 * 1024 ** 2 }),
    );
    expect(lines.reuse).toBe('75% of 4 replies reused an evaluated prompt (1 from disk)');
    expect(lines.disk).toBe(`${formatBytes(84 * 1024 ** 2)} of ${formatBytes(1024 ** 3)}`);
    expect(lines.files).toBe('6 saved states, 7 saved since start');
    expect(lines.problems).toBeNull();
  });

  it('says nothing was asked yet, and names damaged, evicted and dropped states', () => {
    expect(promptCacheLines(stats()).reuse).toBe('— of 0 replies reused an evaluated prompt (0 from disk)');
    expect(promptCacheLines(stats({ corrupt: 1, evicted: 2, invalidated: 3 })).problems).toBe(
      '1 damaged ignored · 2 evicted for the budget · 3 dropped for a changed model',
    );
  });
});
