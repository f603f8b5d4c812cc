/** Pure helpers for the dashboard: chart points, display text, history merging. */
import type { HistoryPoint, ResourceSample } from '@contract';

/** Same summary the core stores per minute, computed from a live sample. */
export function pointOf(sample: ResourceSample): HistoryPoint {
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

/** Appends a point in time order, dropping duplicates and points older than the window. */
export function appendPoint(points: HistoryPoint[], point: HistoryPoint, windowMs: number): HistoryPoint[] {
  const last = points[points.length - 1];
  if (last && point.t <= last.t) return points;
  const from = point.t - windowMs;
  const kept = points[0] && points[0].t < from ? points.filter((p) => p.t >= from) : points;
  return [...kept, point];
}

export type ChartMetric = 'ramUsedPercent' | 'cpuPercent' | 'vramUsedPercent' | 'tokensPerSecond';

/**
 * uPlot's columnar data: seconds on x; unreported values stay null (drawn as gaps). Tokens/s is the
 * exception: no generation really is 0 tokens per second.
 */
export function toColumns(points: HistoryPoint[], metric: ChartMetric): [number[], (number | null)[]] {
  const y = metric === 'tokensPerSecond' ? points.map((p) => p.tokensPerSecond ?? 0) : points.map((p) => p[metric]);
  return [points.map((p) => p.t / 1000), y];
}

/** Axis labels: clock time, with seconds when the visible span is short. */
export function timeLabels(splits: number[]): string[] {
  const span = (splits[splits.length - 1] ?? 0) - (splits[0] ?? 0);
  const options: Intl.DateTimeFormatOptions =
    span < 600
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
      : { hour: '2-digit', minute: '2-digit', hour12: false };
  return splits.map((s) => new Date(s * 1000).toLocaleTimeString([], options));
}

export function ramPercent(sample: ResourceSample): number {
  const { usedBytes, totalBytes } = sample.system;
  return totalBytes > 0 ? Math.round((usedBytes / totalBytes) * 100) : 0;
}

export function formatRate(tps: number | null): string {
  if (tps === null) return '—';
  return tps >= 100 ? `${Math.round(tps)} tok/s` : `${tps.toFixed(1)} tok/s`;
}

export function formatPercentValue(value: number | null, digits = 0): string {
  return value === null ? '—' : `${value.toFixed(digits)}%`;
}

export const VRAM_NOT_REPORTED = 'not reported by this backend';

/** "1.2 GiB of 8.0 GiB" or the reason VRAM is unknown; never a 0 for unknown. */
export function vramText(sample: ResourceSample, format: (bytes: number) => string): string {
  const { gpu } = sample;
  if (gpu.state === 'reported') return `${format(gpu.usedBytes)} of ${format(gpu.totalBytes)}`;
  return VRAM_NOT_REPORTED;
}
