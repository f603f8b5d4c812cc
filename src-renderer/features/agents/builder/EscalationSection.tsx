import { TextInput, Checkbox } from '../../../components/TextInput';
import { newEscalationDraft, type EscalationDraft } from '../escalationDraft';
import { useBuilderStore } from '../builderStore';
import { FormField, FormSection } from './FormField';
import { ModelPicker } from './ModelPicker';

const NUMBERS = [
  {
    key: 'afterFailures',
    path: 'escalation.afterFailures',
    label: 'After local failures',
    help: '0–5 in a row; 0 = never',
  },
  { key: 'requestsPerDay', path: 'escalation.budget.requestsPerDay', label: 'Requests per day', help: '0 = no cap' },
  { key: 'tokensPerDay', path: 'escalation.budget.tokensPerDay', label: 'Tokens per day', help: '0 = no cap' },
] as const;

/** Hybrid escalation: local first, a bigger model (usually on a node) when a chosen trigger fires, within a budget. */
export function EscalationSection() {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);
  const e = draft.escalation;
  const set = (patch: Partial<EscalationDraft>) =>
    change((d) => (d.escalation ? { ...d, escalation: { ...d.escalation, ...patch } } : d));

  return (
    <FormSection
      title="Escalation"
      description="Answer locally first and hand hard requests to a bigger model, e.g. one on a node (Settings → Nodes). If it can't be reached, or the daily budget is used, the reply stays local with a notice."
    >
      <label className="flex items-center gap-2 text-sm">
        <Checkbox
          data-testid="escalation-enabled"
          checked={e !== null}
          onChange={(ev) => change((d) => ({ ...d, escalation: ev.target.checked ? newEscalationDraft() : null }))}
        />
        Escalate to a bigger model
      </label>
      {e && (
        <div className="space-y-3" data-testid="escalation-form">
          <ModelPicker
            path="escalation.to"
            label="Bigger model"
            testId="escalation-to"
            value={e.to}
            onChange={(to) => set({ to })}
          />
          <fieldset className="space-y-1 text-sm">
            <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">When</legend>
            <label className="flex items-center gap-2">
              <Checkbox
                data-testid="escalation-on-request"
                checked={e.onRequest}
                onChange={(ev) => set({ onRequest: ev.target.checked })}
              />
              The user presses “Ask a bigger model” on a reply
            </label>
            <label className="flex items-center gap-2">
              <Checkbox
                data-testid="escalation-context"
                checked={e.whenContextTooLarge}
                onChange={(ev) => set({ whenContextTooLarge: ev.target.checked })}
              />
              The conversation no longer fits the local model’s context
            </label>
            {draft.kind === 'team' && (
              <label className="flex items-center gap-2">
                <Checkbox
                  data-testid="escalation-from-router"
                  checked={e.fromRouter}
                  onChange={(ev) => set({ fromRouter: ev.target.checked })}
                />
                The team’s router judges a message beyond every member
              </label>
            )}
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-3">
            {NUMBERS.map((n) => (
              <FormField key={n.key} path={n.path} label={n.label} help={n.help}>
                {(f) => (
                  <TextInput
                    id={f.id}
                    data-testid={`escalation-${n.key}`}
                    inputMode="numeric"
                    className="w-full"
                    value={e[n.key]}
                    invalid={f.invalid}
                    aria-describedby={f.describedBy}
                    onBlur={f.onBlur}
                    onChange={(ev) => set({ [n.key]: ev.target.value })}
                  />
                )}
              </FormField>
            ))}
          </div>
        </div>
      )}
    </FormSection>
  );
}
