import type { InputHTMLAttributes } from 'react';
import { cx } from './cx';

export type TextInputProps = InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean };

/** Text and number inputs, styled like `Select`; `invalid` turns the border red and sets aria-invalid. */
export function TextInput({ invalid = false, className, ...rest }: TextInputProps) {
  return (
    <input
      aria-invalid={invalid || undefined}
      className={cx(
        'rounded-md border bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400',
        'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-500',
        'disabled:cursor-not-allowed disabled:opacity-60 dark:bg-zinc-800 dark:text-zinc-100 dark:placeholder:text-zinc-500',
        invalid ? 'border-red-400 dark:border-red-500/70' : 'border-zinc-300 dark:border-zinc-700',
        className,
      )}
      {...rest}
    />
  );
}

export function Checkbox({ className, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return (
    <input
      type="checkbox"
      className={cx(
        'size-4 cursor-pointer accent-emerald-600 disabled:cursor-not-allowed dark:accent-emerald-500',
        className,
      )}
      {...rest}
    />
  );
}
