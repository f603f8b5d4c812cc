import { useEffect, useMemo } from 'react';
import { hrefFor } from '../../../lib/hashRoute';
import { Checkbox, TextInput } from '../../../components/TextInput';
import { knowledgeStore, useKnowledgeStore } from '../../knowledge/knowledgeStore';
import { useBuilderStore } from '../builderStore';
import { FieldMessages, FormField, FormSection } from './FormField';
import { useField } from './fieldContext';

const MODES = [
  ['automatic', 'Automatic', 'The best passages join every prompt (works with any model).'],
  ['tool', 'As a tool', 'The model calls search_knowledge itself (needs a model that calls tools).'],
] as const;

/** A number field over a numeric draft value: an empty box is 0, which the schema reports as out of range. */
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : 0);

/** Which knowledge bases the agent answers from (with numbered sources), and how passages reach the model. */
export function KnowledgeSection() {
  useEffect(() => knowledgeStore.getState().watch(), []);
  const all = useKnowledgeStore((s) => s.bases);
  const bases = useMemo(() => all.filter((b) => b.conversationId === null), [all]);
  const loaded = useKnowledgeStore((s) => s.loaded);
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);
  const list = useField('knowledge.baseIds');
  const attached = new Set(draft.knowledgeBaseIds);
  // Bases named by the agent but gone (forgotten, or from an imported file) stay visible so they can be removed.
  const missing = loaded ? draft.knowledgeBaseIds.filter((id) => !bases.some((b) => b.id === id)) : [];
  const toggle = (id: string, on: boolean) =>
    change((d) => ({
      ...d,
      knowledgeBaseIds: on ? [...d.knowledgeBaseIds, id] : d.knowledgeBaseIds.filter((b) => b !== id),
    }));

  return (
    <FormSection title="Knowledge" description="Documents the agent answers from; replies list their sources.">
      <div data-testid="knowledge-bases-picker" data-field="knowledge.baseIds">
        {loaded && bases.length === 0 && (
          <p className="text-sm text-zinc-500">
            No knowledge bases yet.{' '}
            <a className="text-emerald-700 underline dark:text-emerald-400" href={hrefFor('knowledge')}>
              Create one
            </a>{' '}
            from your folders and files first.
          </p>
        )}
        <ul className="space-y-1.5">
          {bases.map((base) => (
            <li key={base.id}>
              <label className="flex items-center gap-2 text-sm">
                <Checkbox
                  data-testid={`knowledge-base-${base.id}`}
                  checked={attached.has(base.id)}
                  onChange={(e) => toggle(base.id, e.target.checked)}
                />
                <span className="min-w-0 truncate">{base.name}</span>
                <span className="shrink-0 text-xs text-zinc-500">
                  {base.counts.indexed} files · {base.counts.chunks} passages
                </span>
              </label>
            </li>
          ))}
          {missing.map((id) => (
            <li key={id} className="flex items-center gap-2 text-sm text-amber-700 dark:text-amber-400">
              <Checkbox checked onChange={() => toggle(id, false)} aria-label={`Remove missing base ${id}`} />
              <span>
                <code>{id}</code> no longer exists (untick to remove it)
              </span>
            </li>
          ))}
        </ul>
        <FieldMessages field={list} />
      </div>
      <div role="radiogroup" aria-label="How the agent uses its knowledge" className="space-y-1.5">
        {MODES.map(([value, label, help]) => (
          <label key={value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="knowledge-mode"
              data-testid={`knowledge-mode-${value}`}
              className="mt-1 accent-emerald-600"
              checked={draft.knowledgeMode === value}
              disabled={draft.knowledgeBaseIds.length === 0}
              onChange={() => change((d) => ({ ...d, knowledgeMode: value }))}
            />
            <span>
              {label} <span className="text-xs text-zinc-500">— {help}</span>
            </span>
          </label>
        ))}
      </div>
      <div className="flex flex-wrap gap-4">
        <PassageNumber
          path="knowledge.maxChunks"
          label="Passages per message"
          help="1–20"
          testId="knowledge-max-chunks"
          field="knowledgeMaxChunks"
          className="w-40"
        />
        <PassageNumber
          path="knowledge.tokenBudget"
          label="Token budget for passages"
          help="100–8000"
          testId="knowledge-token-budget"
          field="knowledgeTokenBudget"
          className="w-48"
        />
      </div>
    </FormSection>
  );
}

/** One of the numeric passage limits; off until a base is attached, since it means nothing without one. */
function PassageNumber(props: {
  path: 'knowledge.maxChunks' | 'knowledge.tokenBudget';
  label: string;
  help: string;
  testId: string;
  field: 'knowledgeMaxChunks' | 'knowledgeTokenBudget';
  className: string;
}) {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);
  return (
    <FormField path={props.path} label={props.label} help={props.help} className={props.className}>
      {(f) => (
        <TextInput
          id={f.id}
          data-testid={props.testId}
          inputMode="numeric"
          className="w-full"
          disabled={draft.knowledgeBaseIds.length === 0}
          value={String(draft[props.field])}
          invalid={f.invalid}
          aria-describedby={f.describedBy}
          onBlur={f.onBlur}
          onChange={(e) => change((d) => ({ ...d, [props.field]: whole(e.target.value) }))}
        />
      )}
    </FormField>
  );
}
