import type { SystemSnapshot } from '@contract';
import { Badge } from '../../components/Badge';
import { BACKEND_DESCRIPTIONS, BACKEND_LABELS } from './backendLabels';

export function BackendList({ backends }: { backends: SystemSnapshot['backends'] }) {
  if (backends.length === 0) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">No inference backends were reported.</p>;
  }
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {backends.map(({ backend, available, reason }) => (
        <li
          key={backend}
          data-testid={`backend-${backend}`}
          data-available={String(available)}
          className="flex items-center justify-between gap-4 py-2.5 first:pt-0 last:pb-0"
        >
          <div className="min-w-0">
            <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
              {BACKEND_LABELS[backend]}
              <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">
                {BACKEND_DESCRIPTIONS[backend]}
              </span>
            </p>
            {!available && reason && <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{reason}</p>}
          </div>
          <Badge tone={available ? 'success' : 'neutral'}>{available ? 'Available' : 'Unavailable'}</Badge>
        </li>
      ))}
    </ul>
  );
}
