import { useEffect, useRef, useState } from 'react';
import { TextInput } from '../../components/TextInput';
import { parseWholeInRange } from './numberSetting';

export interface NumberSettingProps {
  id: string;
  value: number;
  min: number;
  max: number;
  disabled?: boolean;
  /** Text after the box, e.g. "%" or "min". */
  unit?: string;
  describedBy?: string;
  onCommit(value: number): void;
}

/** Typing pauses this long before a valid number is saved, so "65" never saves "6" first. */
const COMMIT_DELAY_MS = 600;

/**
 * A whole-number setting: saved shortly after typing stops, at once on Enter or blur; an invalid
 * value is explained inline and never sent, and blur puts the saved value back.
 */
export function NumberSetting({ id, value, min, max, disabled, unit, describedBy, onCommit }: NumberSettingProps) {
  // Null while not editing: the box then follows the store (another window, a rollback).
  const [editing, setEditing] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const text = editing ?? String(value);
  const parsed = parseWholeInRange(text, min, max);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  function clearPending() {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }
  function commit(next: string) {
    clearPending();
    const result = parseWholeInRange(next, min, max);
    if (result.ok && result.value !== value) onCommit(result.value);
  }

  return (
    <div className="flex flex-col items-end">
      <div className="flex items-center gap-2">
        <TextInput
          id={id}
          data-testid={id}
          inputMode="numeric"
          className="w-20 text-right tabular-nums"
          value={text}
          disabled={disabled}
          invalid={!parsed.ok}
          aria-describedby={[describedBy, `${id}-error`].filter(Boolean).join(' ')}
          onChange={(e) => {
            setEditing(e.target.value);
            clearPending();
            const next = e.target.value;
            timer.current = setTimeout(() => commit(next), COMMIT_DELAY_MS);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(text);
          }}
          onBlur={() => {
            commit(text);
            setEditing(null);
          }}
        />
        {unit && <span className="w-8 text-sm text-zinc-500 dark:text-zinc-400">{unit}</span>}
      </div>
      <p
        id={`${id}-error`}
        role={parsed.ok ? undefined : 'alert'}
        className="mt-1 text-xs text-red-600 empty:hidden dark:text-red-400"
      >
        {parsed.ok ? '' : parsed.error}
      </p>
    </div>
  );
}
