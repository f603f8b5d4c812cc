import type { ReactNode } from 'react';
import { Badge } from './Badge';
import type { Icon } from './icons';

export interface EmptyStateProps {
  icon: Icon;
  title: string;
  description: ReactNode;
  /** What the finished screen will let the user do. */
  planned: readonly string[];
  /** Honest label for screens that are not built yet. */
  badge?: string;
}

export function EmptyState({
  icon: IconSvg,
  title,
  description,
  planned,
  badge = 'Coming in a later version',
}: EmptyStateProps) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-6 py-16 text-center" data-testid="empty-state">
      <div className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-zinc-100 text-zinc-500 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-800">
        <IconSvg size={22} />
      </div>
      <Badge tone="accent">{badge}</Badge>
      <h2 className="mt-3 text-base font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      <p className="mt-1.5 text-sm leading-relaxed text-zinc-600 dark:text-zinc-400">{description}</p>
      {planned.length > 0 && (
        <div className="mt-6 w-full rounded-xl border border-dashed border-zinc-300 p-4 text-left dark:border-zinc-700">
          <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Planned</p>
          <ul className="mt-2 space-y-1.5 text-sm text-zinc-700 dark:text-zinc-300">
            {planned.map((item) => (
              <li key={item} className="flex gap-2">
                <span aria-hidden="true" className="mt-2 size-1 shrink-0 rounded-full bg-zinc-400 dark:bg-zinc-500" />
                {item}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
