import { Select } from '../../../components/Field';
import { TextInput } from '../../../components/TextInput';
import { SAMPLING_KEYS, type SamplingKey } from '../agentDraft';
import { useBuilderStore } from '../builderStore';
import { FormField, FormSection } from './FormField';
import { ModelPicker } from './ModelPicker';

const SAMPLING: Record<SamplingKey, { label: string; placeholder: string; help: string }> = {
  temperature: { label: 'Temperature', placeholder: 'model default', help: '0–5; lower is more focused' },
  topP: { label: 'Top-p', placeholder: 'default', help: '0–1' },
  topK: { label: 'Top-k', placeholder: 'default', help: 'whole number, 0–1000' },
  minP: { label: 'Min-p', placeholder: 'default', help: '0–1' },
  repeatPenalty: { label: 'Repeat penalty', placeholder: 'default', help: '0–5' },
  maxTokens: { label: 'Max tokens', placeholder: 'default', help: 'reply length cap' },
  seed: { label: 'Seed', placeholder: 'random', help: 'same seed, same reply' },
};

/** Which model runs the agent, how it samples, and how history is fitted into its context. */
export function ModelSection() {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);

  return (
    <FormSection
      title="Model"
      description="Fit is worked out for this computer's memory. Empty sampling fields use the model's defaults."
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <ModelPicker
          path="model.preferred"
          label="Model"
          testId="agent-model"
          value={draft.preferredModel}
          onChange={(id) => change((d) => ({ ...d, preferredModel: id }))}
        />
        <ModelPicker
          path="model.fallback"
          label="Fallback model"
          testId="agent-fallback-model"
          optional
          help="Used when the model above is missing."
          value={draft.fallbackModel}
          onChange={(id) => change((d) => ({ ...d, fallbackModel: id }))}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-4" data-testid="agent-sampling">
        {SAMPLING_KEYS.map((key) => (
          <FormField key={key} path={`sampling.${key}`} label={SAMPLING[key].label} help={SAMPLING[key].help}>
            {(f) => (
              <TextInput
                id={f.id}
                data-testid={`sampling-${key}`}
                inputMode="decimal"
                className="w-full"
                placeholder={SAMPLING[key].placeholder}
                value={draft.sampling[key]}
                invalid={f.invalid}
                aria-describedby={f.describedBy}
                onBlur={f.onBlur}
                onChange={(e) => change((d) => ({ ...d, sampling: { ...d.sampling, [key]: e.target.value } }))}
              />
            )}
          </FormField>
        ))}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField path="context.strategy" label="When history is too long">
          {(f) => (
            <Select
              id={f.id}
              data-testid="agent-context-strategy"
              className="w-full"
              value={draft.contextStrategy}
              aria-describedby={f.describedBy}
              onBlur={f.onBlur}
              onChange={(e) =>
                change((d) => ({
                  ...d,
                  contextStrategy: e.target.value === 'summarise-oldest' ? 'summarise-oldest' : 'truncate-oldest',
                }))
              }
            >
              <option value="truncate-oldest">Drop the oldest turns</option>
              <option value="summarise-oldest">Summarise the oldest turns</option>
            </Select>
          )}
        </FormField>
        <FormField path="context.reserveForReply" label="Tokens reserved for the reply" help="64–32,768">
          {(f) => (
            <TextInput
              id={f.id}
              data-testid="agent-context-reserve"
              inputMode="numeric"
              className="w-full"
              value={draft.reserveForReply}
              invalid={f.invalid}
              aria-describedby={f.describedBy}
              onBlur={f.onBlur}
              onChange={(e) => change((d) => ({ ...d, reserveForReply: e.target.value }))}
            />
          )}
        </FormField>
      </div>
    </FormSection>
  );
}
