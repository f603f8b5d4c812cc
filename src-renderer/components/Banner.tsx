import type { HTMLAttributes, ReactNode } from 'react';
import { cx } from './cx';
import { CloseIcon, InfoIcon, WarningIcon, type Icon } from './icons';

export type BannerLevel = 'info' | 'warning' | 'error';

const levels: Record<BannerLevel, { box: string; icon: string; Icon: Icon }> = {
  info: {
    box: 'border-sky-200 bg-sky-50 text-sky-950 dark:border-sky-900 dark:bg-sky-950/60 dark:text-sky-100',
    icon: 'text-sky-600 dark:text-sky-400',
    Icon: InfoIcon,
  },
  warning: {
    box: 'border-amber-200 bg-amber-50 text-amber-950 dark:border-amber-900/80 dark:bg-amber-950/50 dark:text-amber-100',
    icon: 'text-amber-600 dark:text-amber-400',
    Icon: WarningIcon,
  },
  error: {
    box: 'border-red-200 bg-red-50 text-red-950 dark:border-red-900/80 dark:bg-red-950/50 dark:text-red-100',
    icon: 'text-red-600 dark:text-red-400',
    Icon: WarningIcon,
  },
};

export type BannerProps = Omit<HTMLAttributes<HTMLDivElement>, 'title'> & {
  level: BannerLevel;
  title: ReactNode;
  /** Replaces the level's icon, e.g. with a spinner. */
  icon?: ReactNode;
  onDismiss?: () => void;
  dismissLabel?: string;
};

export function Banner({
  level,
  title,
  icon,
  onDismiss,
  dismissLabel = 'Dismiss',
  className,
  children,
  ...rest
}: BannerProps) {
  const style = levels[level];
  return (
    <div
      role={level === 'error' ? 'alert' : 'status'}
      className={cx('flex items-start gap-3 rounded-lg border px-3.5 py-2.5 text-sm', style.box, className)}
      {...rest}
    >
      <span className={cx('mt-0.5 shrink-0', style.icon)}>{icon ?? <style.Icon size={16} />}</span>
      <div className="min-w-0 flex-1">
        <p className="font-medium">{title}</p>
        {children && <div className="mt-0.5 text-[0.8125rem] leading-relaxed opacity-90">{children}</div>}
      </div>
      {onDismiss && (
        <button
          type="button"
          onClick={onDismiss}
          aria-label={dismissLabel}
          title={dismissLabel}
          className="-m-1 shrink-0 rounded p-1 opacity-70 hover:bg-black/5 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-current dark:hover:bg-white/10"
        >
          <CloseIcon size={14} />
        </button>
      )}
    </div>
  );
}
