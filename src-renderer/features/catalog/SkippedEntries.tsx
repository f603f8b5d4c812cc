import type { CatalogView } from '@contract';
import { WarningIcon } from '../../components/icons';

/** Catalog entries that failed validation: one quiet line, the reasons on demand. */
export function SkippedEntries({ skipped }: { skipped: CatalogView['skipped'] }) {
  if (skipped.length === 0) return null;
  const names = skipped.map((s) => s.id ?? `entry #${s.index + 1}`);
  return (
    <details className="text-xs text-amber-800 dark:text-amber-300" data-testid="catalog-skipped">
      <summary className="flex cursor-pointer items-center gap-1.5">
        <WarningIcon size={13} />
        {skipped.length === 1 ? '1 catalog entry was' : `${skipped.length} catalog entries were`} left out because they
        are invalid: {names.join(', ')}
      </summary>
      <ul className="mt-1 ml-5 list-disc space-y-0.5 text-amber-900/80 dark:text-amber-200/80">
        {skipped.map((s) => (
          <li key={s.index}>
            <span className="font-medium">{s.id ?? `entry #${s.index + 1}`}</span>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
