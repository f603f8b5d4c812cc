import { describe, expect, it } from 'vitest';
import { download } from '../testing/catalogFixtures';
import {
  activeSummary,
  byIdOf,
  openDownloadOf,
  progressOf,
  upsertDownload,
  visibleDownloadIds,
} from './downloadsState';

describe('upsertDownload', () => {
  it('adds, replaces with newer snapshots, and ignores older ones', () => {
    const first = upsertDownload({}, download({ updatedAt: 10 }));
    const newer = upsertDownload(first, download({ updatedAt: 20, receivedBytes: 5 }));
    expect(newer.d1?.receivedBytes).toBe(5);
    // A stale reply (sent before the last event) must not move the download back.
    const stale = upsertDownload(newer, download({ updatedAt: 15, state: 'paused' }));
    expect(stale).toBe(newer);
    const same = upsertDownload(newer, download({ updatedAt: 20, state: 'verifying' }));
    expect(same.d1?.state).toBe('verifying');
  });
});

describe('visibleDownloadIds', () => {
  const byId = byIdOf([
    download({ id: 'old-done', state: 'done', createdAt: 1, updatedAt: 50 }),
    download({ id: 'new-done', state: 'done', createdAt: 2, updatedAt: 150 }),
    download({ id: 'cancelled', state: 'cancelled', createdAt: 3 }),
    download({ id: 'failed', state: 'failed', createdAt: 4, updatedAt: 10 }),
    download({ id: 'running', state: 'downloading', createdAt: 5 }),
  ]);

  it('lists open downloads and this session’s finished ones, newest first', () => {
    expect(visibleDownloadIds({ byId, dismissed: [], sessionStartedAt: 100 })).toEqual([
      'running',
      'failed',
      'new-done',
    ]);
    expect(visibleDownloadIds({ byId, dismissed: ['new-done'], sessionStartedAt: 100 })).toEqual(['running', 'failed']);
  });
});

describe('progress and summaries', () => {
  it('computes progress only when the total is known', () => {
    expect(progressOf({ receivedBytes: 25, totalBytes: 100 })).toBe(0.25);
    expect(progressOf({ receivedBytes: 25, totalBytes: null })).toBeNull();
    expect(progressOf({ receivedBytes: 200, totalBytes: 100 })).toBe(1);
  });

  it('sums active downloads for the sidebar and ignores paused, failed and done ones', () => {
    const byId = byIdOf([
      download({ id: 'a', receivedBytes: 50, totalBytes: 100 }),
      download({ id: 'b', state: 'queued', receivedBytes: 0, totalBytes: 300 }),
      download({ id: 'c', state: 'paused', receivedBytes: 10, totalBytes: 100 }),
      download({ id: 'd', state: 'done', receivedBytes: 100, totalBytes: 100 }),
    ]);
    expect(activeSummary(byId)).toEqual({ count: 2, percent: 12 });
    expect(activeSummary({})).toEqual({ count: 0, percent: null });
    expect(activeSummary(byIdOf([download({ totalBytes: null })]))).toEqual({ count: 1, percent: null });
  });

  it('finds the newest open download of a variant', () => {
    const byId = byIdOf([
      download({ id: 'old', state: 'cancelled', createdAt: 1 }),
      download({ id: 'mid', state: 'failed', createdAt: 2 }),
      download({ id: 'other', variantId: 'qwen-q8', createdAt: 3 }),
    ]);
    expect(openDownloadOf(byId, 'qwen', 'qwen-q4')?.id).toBe('mid');
    expect(openDownloadOf(byId, 'qwen', 'qwen-q2')).toBeNull();
    expect(openDownloadOf(byIdOf([download({ state: 'done' })]), 'qwen', 'qwen-q4')).toBeNull();
  });
});
