import type { ReactNode, SelectHTMLAttributes } from 'react';
import { cx } from './cx';

export interface FieldProps {
  label: ReactNode;
  /** Id of the control, so clicking the label focuses it. */
  htmlFor: string;
  description?: ReactNode;
  children: ReactNode;
}

/** One settings-style row: label and help on the left, the control on the right. */
export function Field({ label, htmlFor, description, children }: FieldProps) {
  const descriptionId = description ? `${htmlFor}-description` : undefined;
  return (
    <div className="flex items-center justify-between gap-6 py-3 first:pt-0 last:pb-0">
      <div className="min-w-0">
        <label htmlFor={htmlFor} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {description && (
          <p id={descriptionId} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {description}
          </p>
        )}
      </div>
      <div className="shrink-0">{children}</div>
    </div>
  );
}

export function Select({ className, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cx(
        'min-w-36 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs',
        'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-500',
        'disabled:cursor-not-allowed disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100',
        className,
      )}
      {...rest}
    />
  );
}
