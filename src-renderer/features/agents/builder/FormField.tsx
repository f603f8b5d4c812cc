import type { ReactNode } from 'react';
import { cx } from '../../../components/cx';
import { useField, type FieldBinding } from './fieldContext';

export interface FormFieldProps {
  path: string;
  label: ReactNode;
  help?: ReactNode;
  className?: string;
  children(field: FieldBinding): ReactNode;
}

/** Label, control and the field's own inline errors (or its help text when there are none). */
export function FormField({ path, label, help, className, children }: FormFieldProps) {
  const field = useField(path);
  return (
    <div className={cx('min-w-0', className)} data-field={path}>
      <label htmlFor={field.id} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children(field)}
      <FieldMessages field={field} help={help} />
    </div>
  );
}

export function FieldMessages({ field, help }: { field: FieldBinding; help?: ReactNode }) {
  if (field.messages.length > 0) {
    return (
      <p
        id={field.describedBy}
        data-testid={`error-${field.id}`}
        className="mt-1 text-xs text-red-600 dark:text-red-400"
      >
        {field.messages.join('; ')}
      </p>
    );
  }
  if (!help) return null;
  return (
    <p id={field.describedBy} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
      {help}
    </p>
  );
}

export const textAreaClass = cx(
  'w-full rounded-md border bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400',
  'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-500',
  'dark:bg-zinc-800 dark:text-zinc-100 dark:placeholder:text-zinc-500',
);

export function borderFor(invalid: boolean): string {
  return invalid ? 'border-red-400 dark:border-red-500/70' : 'border-zinc-300 dark:border-zinc-700';
}

/** A titled group of fields inside the builder form. */
export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <fieldset className="rounded-xl border border-zinc-200 bg-white px-5 py-4 dark:border-zinc-800 dark:bg-zinc-900">
      <legend className="px-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</legend>
      {description && <p className="-mt-1 mb-3 text-xs text-zinc-500 dark:text-zinc-400">{description}</p>}
      <div className="space-y-3">{children}</div>
    </fieldset>
  );
}
