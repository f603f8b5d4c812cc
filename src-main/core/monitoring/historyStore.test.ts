import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryPoint } from '@contract';
import { openDatabase } from '../storage/openDatabase';
import { migrations } from '../storage/schema';
import { createMemoryLogger, makeTempDir } from '../testing/testPorts';
import { LiveHistory } from './historyPoint';
import { HISTORY_RETENTION_MS, HistoryStore } from './historyStore';

const MIN = 60_000;
let db: ReturnType<typeof openDatabase>['db'];
beforeEach(() => {
  db = openDatabase(path.join(makeTempDir(), 'outpost.db'), migrations, createMemoryLogger()).db;
});
afterEach(() => db.close());

const point = (t: number, patch: Partial<HistoryPoint> = {}): HistoryPoint => ({
  t,
  ramUsedPercent: 50,
  appRssBytes: 1000,
  cpuPercent: 10,
  vramUsedPercent: null,
  tokensPerSecond: null,
  ...patch,
});

describe('HistoryStore', () => {
  it('writes one averaged row per minute and keeps "not reported" as null', () => {
    const store = new HistoryStore(db, createMemoryLogger());
    const base = 100 * MIN;
    store.add(point(base, { ramUsedPercent: 40, tokensPerSecond: 10 }));
    store.add(point(base + 30_000, { ramUsedPercent: 60, cpuPercent: null, tokensPerSecond: null }));
    store.add(point(base + MIN, { ramUsedPercent: 70 }));
    const rows = store.since(0);
    expect(rows).toHaveLength(2); // the finished minute from SQLite plus the minute in progress
    expect(rows[0]).toEqual({
      t: base,
      ramUsedPercent: 50,
      appRssBytes: 1000,
      cpuPercent: 10,
      vramUsedPercent: null,
      tokensPerSecond: 10,
    });
    expect(rows[1]).toMatchObject({ t: base + MIN, ramUsedPercent: 70 });
    expect((db.prepare('SELECT COUNT(*) AS n FROM resource_history').get() as { n: number }).n).toBe(1);
  });

  it('prunes rows older than 24 hours when it writes', () => {
    const store = new HistoryStore(db, createMemoryLogger());
    store.add(point(0));
    store.add(point(MIN));
    store.add(point(HISTORY_RETENTION_MS + 5 * MIN));
    store.flush(HISTORY_RETENTION_MS + 5 * MIN);
    expect(store.since(0).map((p) => p.t)).toEqual([HISTORY_RETENTION_MS + 5 * MIN]);
  });

  it('logs a failed write once and keeps going', () => {
    const logger = createMemoryLogger();
    const store = new HistoryStore(db, logger);
    db.exec('DROP TABLE resource_history');
    for (let i = 0; i < 4; i++) store.add(point(i * MIN));
    expect(logger.lines.filter((l) => l.message.includes('resource history'))).toHaveLength(1);
  });
});

describe('LiveHistory', () => {
  it('keeps the newest points up to its capacity', () => {
    const live = new LiveHistory(3);
    for (let t = 1; t <= 5; t++) live.push(point(t));
    expect(live.since(0).map((p) => p.t)).toEqual([3, 4, 5]);
    expect(live.since(5).map((p) => p.t)).toEqual([5]);
  });
});
