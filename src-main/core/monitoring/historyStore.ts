/**
 * Downsampled resource history in SQLite: one row per minute (means of that minute's samples), kept for
 * 24 h. Writes happen once a minute, in a transaction with the pruning of old rows.
 */
import type { Database } from 'better-sqlite3';
import type { HistoryPoint } from '@contract';
import type { Logger } from '../ports';
import { storageTarget, writeTransaction } from '../storage/transactions';

export const HISTORY_RETENTION_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

interface Row {
  minute_start: number;
  ram_used_percent: number;
  app_rss_bytes: number;
  cpu_percent: number | null;
  vram_used_percent: number | null;
  tokens_per_second: number | null;
}

/** Running mean that ignores nulls (a value not reported is not a zero). */
class Mean {
  private sum = 0;
  private n = 0;
  add(v: number | null): void {
    if (v === null || !Number.isFinite(v)) return;
    this.sum += v;
    this.n += 1;
  }
  value(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

class Bucket {
  readonly ram = new Mean();
  readonly rss = new Mean();
  readonly cpu = new Mean();
  readonly vram = new Mean();
  readonly tps = new Mean();
  constructor(readonly minuteStart: number) {}

  add(p: HistoryPoint): void {
    this.ram.add(p.ramUsedPercent);
    this.rss.add(p.appRssBytes);
    this.cpu.add(p.cpuPercent);
    this.vram.add(p.vramUsedPercent);
    this.tps.add(p.tokensPerSecond);
  }

  toPoint(): HistoryPoint {
    return {
      t: this.minuteStart,
      ramUsedPercent: this.ram.value() ?? 0,
      appRssBytes: this.rss.value() ?? 0,
      cpuPercent: this.cpu.value(),
      vramUsedPercent: this.vram.value(),
      tokensPerSecond: this.tps.value(),
    };
  }
}

export class HistoryStore {
  private bucket: Bucket | null = null;
  private warned = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Adds a point; when it starts a new minute, the finished minute is written. */
  add(point: HistoryPoint): void {
    const minuteStart = Math.floor(point.t / MINUTE_MS) * MINUTE_MS;
    if (this.bucket && this.bucket.minuteStart !== minuteStart) this.flush(point.t);
    this.bucket ??= new Bucket(minuteStart);
    this.bucket.add(point);
  }

  /** Writes the minute in progress (on shutdown) and prunes rows past retention. */
  flush(now: number): void {
    const bucket = this.bucket;
    this.bucket = null;
    if (!bucket) return;
    const p = bucket.toPoint();
    try {
      writeTransaction(storageTarget(this.db), 'store resource history', () => {
        this.db
          .prepare(
            `INSERT OR REPLACE INTO resource_history
             (minute_start, ram_used_percent, app_rss_bytes, cpu_percent, vram_used_percent, tokens_per_second)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(p.t, p.ramUsedPercent, p.appRssBytes, p.cpuPercent, p.vramUsedPercent, p.tokensPerSecond);
        this.db.prepare('DELETE FROM resource_history WHERE minute_start < ?').run(now - HISTORY_RETENTION_MS);
      });
    } catch (error) {
      // History is a nice-to-have: a full disk must not stop live sampling.
      if (!this.warned) this.logger.warn('could not store resource history', { error: String(error) });
      this.warned = true;
    }
  }

  /** Per-minute points since `from`, including the minute in progress. */
  since(from: number): HistoryPoint[] {
    const rows = this.db
      .prepare(
        `SELECT minute_start, ram_used_percent, app_rss_bytes, cpu_percent, vram_used_percent, tokens_per_second
         FROM resource_history WHERE minute_start >= ? ORDER BY minute_start`,
      )
      .all(from) as Row[];
    const points: HistoryPoint[] = rows.map((r) => ({
      t: r.minute_start,
      ramUsedPercent: r.ram_used_percent,
      appRssBytes: r.app_rss_bytes,
      cpuPercent: r.cpu_percent,
      vramUsedPercent: r.vram_used_percent,
      tokensPerSecond: r.tokens_per_second,
    }));
    if (this.bucket && this.bucket.minuteStart >= from) points.push(this.bucket.toPoint());
    return points;
  }
}
