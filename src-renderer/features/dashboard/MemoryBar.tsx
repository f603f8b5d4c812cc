import { percentOf } from '../../lib/format';

/** Used share of RAM as a thin bar; colour turns amber then red as headroom shrinks. */
export function MemoryBar({ totalBytes, freeBytes }: { totalBytes: number; freeBytes: number }) {
  const used = percentOf(totalBytes - freeBytes, totalBytes);
  const colour = used >= 90 ? 'bg-red-500' : used >= 75 ? 'bg-amber-500' : 'bg-emerald-500';
  return (
    <div
      role="meter"
      aria-label="Memory in use"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={used}
      aria-valuetext={`${used}% in use`}
      className="mt-3 h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div className={`h-full rounded-full ${colour} transition-[width] duration-500`} style={{ width: `${used}%` }} />
    </div>
  );
}
