import { CheckIcon } from '../../components/icons';
import type { SaveState } from '../../stores/settingsStore';

/** "Saving…" while a change is on its way, "Saved" once the core confirmed it. */
export function SaveStatus({ state }: { state: SaveState }) {
  return (
    <span aria-live="polite" className="text-xs text-zinc-500 dark:text-zinc-400">
      {state === 'saving' && <span data-testid="settings-saving">Saving…</span>}
      {state === 'saved' && (
        <span
          data-testid="settings-saved"
          className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-400"
        >
          <CheckIcon size={13} />
          Saved
        </span>
      )}
    </span>
  );
}
