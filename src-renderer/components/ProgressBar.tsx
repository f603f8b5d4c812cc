import { cx } from './cx';

export interface ProgressBarProps {
  /** 0..1 */
  value: number;
  label: string;
  className?: string;
  'data-testid'?: string;
}

/** A determinate progress bar; aria-valuenow is a whole percentage so tests and screen readers agree. */
export function ProgressBar({ value, label, className, ...rest }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%`}
      className={cx('h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800', className)}
      {...rest}
    >
      <div
        className="h-full rounded-full bg-emerald-500 transition-[width] duration-200 dark:bg-emerald-400"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
