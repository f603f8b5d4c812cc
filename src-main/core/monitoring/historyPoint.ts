import type { HistoryPoint, ResourceSample } from '@contract';

/** The chart-sized summary of one sample. */
export function toHistoryPoint(sample: ResourceSample): HistoryPoint {
  const { system, gpu } = sample;
  return {
    t: sample.takenAt,
    ramUsedPercent: system.totalBytes > 0 ? (system.usedBytes / system.totalBytes) * 100 : 0,
    appRssBytes: sample.app.rssBytes,
    cpuPercent: system.cpuPercent,
    vramUsedPercent: gpu.state === 'reported' && gpu.totalBytes > 0 ? (gpu.usedBytes / gpu.totalBytes) * 100 : null,
    tokensPerSecond: sample.generation.tokensPerSecond,
  };
}

/** Fixed-size ring of recent points, oldest first. */
export class LiveHistory {
  private readonly points: HistoryPoint[] = [];

  constructor(private readonly capacity: number) {}

  push(point: HistoryPoint): void {
    this.points.push(point);
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
  }

  since(t: number): HistoryPoint[] {
    return this.points.filter((p) => p.t >= t);
  }
}
