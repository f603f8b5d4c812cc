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
