import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { DEFAULT_LOAD_OPTIONS, type InstalledModel } from '@contract';
import { Button } from '../../components/Button';
import { cx } from '../../components/cx';
import { Checkbox, TextInput } from '../../components/TextInput';
import { useModelsStore } from '../../stores/modelsStore';
import { EstimateSummary } from './EstimateSummary';
import { SpeculativeFields } from './SpeculativeFields';
import {
  draftFromOptions,
  parseDraft,
  sameOptions,
  type FlagField,
  type LoadOptionsDraft,
  type TextField,
} from './loadOptionsForm';
import { useDraftEstimate } from './useDraftEstimate';

const TEXT_FIELDS: { field: TextField; label: string; help: string; placeholder: string }[] = [
  {
    field: 'gpuLayers',
    label: 'GPU layers',
    help: 'Empty = Auto · “max” = all layers · 0 = CPU only',
    placeholder: 'Auto',
  },
  {
    field: 'contextSize',
    label: 'Context size',
    help: 'Tokens the model can see at once. Empty = Auto',
    placeholder: 'Auto',
  },
  { field: 'threads', label: 'CPU threads', help: 'Empty = Auto (all cores)', placeholder: 'Auto' },
  {
    field: 'batchSize',
    label: 'Batch size',
    help: 'Prompt tokens processed per step. Empty = Auto',
    placeholder: 'Auto',
  },
  { field: 'parallelSequences', label: 'Parallel sequences', help: 'Chats that run at once (1–16)', placeholder: '2' },
];

const FLAG_FIELDS: { field: FlagField; label: string; help: string }[] = [
  { field: 'mlock', label: 'Lock in RAM (mlock)', help: 'Never swapped out; needs enough free RAM' },
  { field: 'mmap', label: 'Memory-map the file (mmap)', help: 'Loads faster and shares pages with the OS cache' },
];

export interface LoadOptionsPanelProps {
  model: InstalledModel;
  loaded: boolean;
  nameOf: (modelId: string) => string;
}

/** Edits a model's load options; the estimate follows the draft before anything is saved. */
export function LoadOptionsPanel({ model, loaded, nameOf }: LoadOptionsPanelProps) {
  const [draft, setDraft] = useState<LoadOptionsDraft>(() => draftFromOptions(model.loadOptions));
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const saving = useModelsStore((s) => s.busy[model.id] === 'saveOptions');
  const setLoadOptions = useModelsStore((s) => s.setLoadOptions);
  const parsed = useMemo(() => parseDraft(draft, model), [draft, model]);
  const draftEstimate = useDraftEstimate(model.id, model.problem ? null : parsed.options);
  const unchanged = parsed.options !== null && sameOptions(parsed.options, model.loadOptions);
  const idPrefix = useId();

  const change = (patch: Partial<LoadOptionsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSavedNote(null);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.options || unchanged) return;
    if (await setLoadOptions(model.id, parsed.options)) {
      setSavedNote(loaded ? 'Saved. Unload and load again to apply.' : 'Saved. Load uses these options.');
    }
  };

  return (
    <form
      data-testid="model-options"
      onSubmit={(e) => void save(e)}
      noValidate
      className="mt-3 rounded-lg border border-zinc-200 bg-zinc-50/70 p-4 dark:border-zinc-800 dark:bg-zinc-950/40"
    >
      <div className="grid gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
        {TEXT_FIELDS.map(({ field, label, help, placeholder }) => {
          const id = `${idPrefix}-${field}`;
          const message = parsed.errors[field] ?? parsed.warnings[field];
          return (
            <FieldBox key={field} id={id} label={label}>
              <TextInput
                id={id}
                data-testid={`opt-${field}`}
                inputMode={field === 'gpuLayers' ? 'text' : 'numeric'}
                className="w-full"
                placeholder={placeholder}
                value={draft[field]}
                invalid={parsed.errors[field] !== undefined}
                aria-describedby={`${id}-help`}
                onChange={(e) => change({ [field]: e.target.value })}
              />
              <p
                id={`${id}-help`}
                className={cx(
                  'mt-1 text-xs',
                  parsed.errors[field]
                    ? 'text-red-600 dark:text-red-400'
                    : message
                      ? 'text-amber-700 dark:text-amber-400'
                      : 'text-zinc-500 dark:text-zinc-400',
                )}
              >
                {message ?? help}
              </p>
            </FieldBox>
          );
        })}
      </div>
      <div className="mt-4 grid gap-3 sm:grid-cols-3">
        <label className="flex items-start gap-2.5">
          <select
            data-testid="opt-flashAttention"
            className="mt-0.5 rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            value={draft.flashAttention}
            onChange={(e) => change({ flashAttention: e.target.value as LoadOptionsDraft['flashAttention'] })}
          >
            <option value="auto">Auto</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
          <span>
            <span className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">Flash attention</span>
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">
              Faster, less memory for long contexts; Auto uses it where the backend supports it
            </span>
          </span>
        </label>
        {FLAG_FIELDS.map(({ field, label, help }) => (
          <label key={field} className="flex cursor-pointer items-start gap-2.5">
            <Checkbox
              data-testid={`opt-${field}`}
              className="mt-0.5"
              checked={draft[field]}
              onChange={(e) => change({ [field]: e.target.checked })}
            />
            <span>
              <span className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">{label}</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{help}</span>
            </span>
          </label>
        ))}
      </div>
      <SpeculativeFields modelId={model.id} draft={draft} nameOf={nameOf} onChange={change} />
      <div className="mt-4 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        {parsed.options ? (
          <EstimateSummary
            data-testid="opt-estimate"
            lead="With these options:"
            estimate={draftEstimate.estimate}
            error={draftEstimate.error}
            pending={draftEstimate.pending}
            nameOf={nameOf}
          />
        ) : (
          <p className="text-xs text-red-600 dark:text-red-400">Fix the highlighted fields to see an estimate.</p>
        )}
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Button
            type="submit"
            variant="primary"
            data-testid="opt-save"
            disabled={!parsed.options || unchanged || saving}
          >
            {saving ? 'Saving…' : 'Save options'}
          </Button>
          <Button variant="ghost" onClick={() => change(draftFromOptions(model.loadOptions))} disabled={saving}>
            Revert
          </Button>
          <Button variant="ghost" onClick={() => change(draftFromOptions(DEFAULT_LOAD_OPTIONS))} disabled={saving}>
            Defaults
          </Button>
          <span aria-live="polite" className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="opt-saved">
            {savedNote}
          </span>
        </div>
      </div>
    </form>
  );
}

function FieldBox({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
    </div>
  );
}
