const GIB = 1024 ** 3;

/** Bytes as GiB with one decimal ("15.6 GiB"); memory is sold and reported by the OS in binary units. */
export function formatGiB(bytes: number, fractionDigits = 1): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  return `${(bytes / GIB).toFixed(fractionDigits)} GiB`;
}

/** Share of `part` in `whole` as a whole percentage clamped to 0–100; 0 when whole is not positive. */
export function percentOf(part: number, whole: number): number {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((part / whole) * 100)));
}

/** How many whole seconds remain until `deadline`, never negative. */
export function secondsUntil(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in the largest binary unit that keeps the number ≥ 1: "127 KiB", "6.1 MiB", "4.37 GiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Parameter counts the way model cards write them: "114K", "494M", "1.5B", "7B". */
export function formatParams(count: number | null): string {
  if (count === null || !Number.isFinite(count) || count < 0) return '—';
  const scales: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [scale, suffix] of scales) {
    if (count >= scale) {
      const value = count / scale;
      const text = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value).toString();
      return `${text}${suffix}`;
    }
  }
  return Math.round(count).toString();
}

/** Whole numbers with thousands separators ("4,096"), independent of the machine's locale. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A duration for people: "30 ms", "1.2 s", "3 min", "2 h 5 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}

/** How long ago `then` was at `now`: "just now", "42 s ago", "5 min ago". */
export function formatAgo(then: number, now: number): string {
  const ms = now - then;
  if (ms < 5_000) return 'just now';
  return `${formatDuration(Math.floor(ms / 1000) * 1000)} ago`;
}

/** Tokens per second with sensible precision, or a dash when not measured. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null || !Number.isFinite(perSecond) || perSecond < 0) return '—';
  return `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)} tok/s`;
}
