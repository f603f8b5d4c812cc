import { useEffect, useId, useState } from 'react';
import type { DraftCandidate } from '@contract';
import { getBridge } from '../../bridge';
import { Checkbox } from '../../components/TextInput';
import type { LoadOptionsDraft } from './loadOptionsForm';

export interface SpeculativeFieldsProps {
  modelId: string;
  draft: Pick<LoadOptionsDraft, 'inputLookup' | 'draftModelId'>;
  nameOf: (modelId: string) => string;
  onChange: (patch: Partial<Pick<LoadOptionsDraft, 'inputLookup' | 'draftModelId'>>) => void;
}

/** Speculative decoding per model: prompt lookup, and a draft model whose tokenizer the host checked. */
export function SpeculativeFields({ modelId, draft, nameOf, onChange }: SpeculativeFieldsProps) {
  const [candidates, setCandidates] = useState<DraftCandidate[] | null>(null);
  const selectId = useId();
  useEffect(() => {
    let current = true;
    getBridge()
      .request('models.draftCandidates', { id: modelId })
      .then(
        (list) => current && setCandidates(list),
        () => current && setCandidates([]),
      );
    return () => {
      current = false;
    };
  }, [modelId]);

  const label = (c: DraftCandidate) =>
    `${nameOf(c.modelId)}${c.suggested ? ' — catalog pair' : ''}${c.mismatch ? ` — other tokenizer: ${c.mismatch}` : ''}`;
  const saved = draft.draftModelId !== '' && !candidates?.some((c) => c.modelId === draft.draftModelId);
  return (
    <div className="mt-4 grid gap-3 sm:grid-cols-2" data-testid="opt-speculative">
      <label className="flex cursor-pointer items-start gap-2.5">
        <Checkbox
          data-testid="opt-inputLookup"
          className="mt-0.5"
          checked={draft.inputLookup}
          onChange={(e) => onChange({ inputLookup: e.target.checked })}
        />
        <span>
          <span className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">Prompt lookup</span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">
            Predicts tokens copied from the prompt (quotes, code edits, JSON); the same reply, faster when it holds
          </span>
        </span>
      </label>
      <div>
        <label htmlFor={selectId} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Draft model
        </label>
        <select
          id={selectId}
          data-testid="opt-draftModel"
          className="w-full rounded-md border border-zinc-300 bg-white px-1.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          value={draft.draftModelId}
          onChange={(e) => onChange({ draftModelId: e.target.value })}
        >
          <option value="">None</option>
          {saved ? <option value={draft.draftModelId}>{nameOf(draft.draftModelId)}</option> : null}
          {(candidates ?? []).map((c) => (
            <option key={c.modelId} value={c.modelId} disabled={c.mismatch !== null}>
              {label(c)}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {candidates === null
            ? 'Checking which installed models share this tokenizer…'
            : 'A smaller model with the same tokenizer predicts tokens this one checks; it wins over prompt lookup'}
        </p>
      </div>
    </div>
  );
}
