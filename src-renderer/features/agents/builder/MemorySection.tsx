import { Checkbox, TextInput } from '../../../components/TextInput';
import { useBuilderStore } from '../builderStore';
import { FormField, FormSection } from './FormField';

/** Long-term facts: whether the agent recalls them, extracts new ones, and how many go into a prompt. */
export function MemorySection() {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);
  return (
    <FormSection title="Memory">
      <label className="flex items-center gap-2 text-sm">
        <Checkbox
          data-testid="memory-enabled"
          checked={draft.memoryEnabled}
          onChange={(e) => change((d) => ({ ...d, memoryEnabled: e.target.checked }))}
        />
        Recall remembered facts in every conversation
      </label>
      <label className="flex items-center gap-2 text-sm">
        <Checkbox
          data-testid="memory-auto-extract"
          checked={draft.autoExtract}
          disabled={!draft.memoryEnabled}
          onChange={(e) => change((d) => ({ ...d, autoExtract: e.target.checked }))}
        />
        Extract new facts from conversations automatically
      </label>
      <FormField path="memory.maxRecalledFacts" label="Facts recalled per message" help="0–50" className="max-w-48">
        {(f) => (
          <TextInput
            id={f.id}
            data-testid="memory-max-facts"
            inputMode="numeric"
            className="w-full"
            disabled={!draft.memoryEnabled}
            value={draft.maxRecalledFacts}
            invalid={f.invalid}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => change((d) => ({ ...d, maxRecalledFacts: e.target.value }))}
          />
        )}
      </FormField>
    </FormSection>
  );
}
