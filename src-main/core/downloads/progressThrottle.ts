/** Decides when a transfer's progress is worth an event (every 250 ms) or a database write (every second). */
import { SpeedMeter } from './speedMeter';

export const EMIT_EVERY_MS = 250;
export const PERSIST_EVERY_MS = 1_000;

export class ProgressThrottle {
  private readonly meter = new SpeedMeter();
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  private lastPersistAt = Number.NEGATIVE_INFINITY;

  /** Records progress; says whether to emit and whether to persist now. */
  sample(receivedBytes: number, now: number): { emit: boolean; persist: boolean } {
    this.meter.sample(receivedBytes, now);
    const emit = now - this.lastEmitAt >= EMIT_EVERY_MS;
    const persist = now - this.lastPersistAt >= PERSIST_EVERY_MS;
    if (emit) this.lastEmitAt = now;
    if (persist) this.lastPersistAt = now;
    return { emit, persist };
  }

  live(receivedBytes: number, totalBytes: number | null): { bytesPerSecond: number | null; etaSeconds: number | null } {
    return {
      bytesPerSecond: this.meter.bytesPerSecond(),
      etaSeconds: this.meter.etaSeconds(receivedBytes, totalBytes),
    };
  }
}
