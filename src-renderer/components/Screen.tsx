import type { ReactNode } from 'react';
import type { ScreenId } from '../lib/hashRoute';

export interface ScreenProps {
  id: ScreenId;
  title: string;
  description?: ReactNode;
  /** Controls at the right of the title, e.g. a refresh button. */
  actions?: ReactNode;
  children: ReactNode;
}

/** Root of every screen: the test id, the one `<h1>`, and a consistent header. */
export function Screen({ id, title, description, actions, children }: ScreenProps) {
  return (
    <div data-testid={`screen-${id}`} className="mx-auto w-full max-w-5xl px-8 py-7">
      <header className="mb-6 flex items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{title}</h1>
          {description && <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
      </header>
      {children}
    </div>
  );
}
