import { MAX_STARTER_PROMPTS, MAX_SYSTEM_PROMPT_CHARS } from '@contract';
import { Button } from '../../../components/Button';
import { cx } from '../../../components/cx';
import { CloseIcon } from '../../../components/icons';
import { TextInput } from '../../../components/TextInput';
import { formatCount } from '../../../lib/format';
import { useBuilderStore } from '../builderStore';
import { FieldMessages, FormField, FormSection, borderFor, textAreaClass } from './FormField';
import { useField } from './fieldContext';

/** The system prompt and the starter prompts offered in an empty chat. */
export function PromptSection() {
  const prompt = useBuilderStore((s) => s.draft.systemPrompt);
  const change = useBuilderStore((s) => s.change);
  return (
    <FormSection title="Instructions">
      <FormField
        path="systemPrompt"
        label="System prompt"
        help={`${formatCount(prompt.length)} / ${formatCount(MAX_SYSTEM_PROMPT_CHARS)} characters · small models follow a few plain rules best`}
      >
        {(f) => (
          <textarea
            id={f.id}
            data-testid="agent-system-prompt"
            rows={7}
            className={cx(textAreaClass, borderFor(f.invalid), 'font-mono text-[0.8125rem]')}
            value={prompt}
            aria-invalid={f.invalid || undefined}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => change((d) => ({ ...d, systemPrompt: e.target.value }))}
          />
        )}
      </FormField>
      <StarterPrompts />
    </FormSection>
  );
}

function StarterPrompts() {
  const prompts = useBuilderStore((s) => s.draft.starterPrompts);
  const change = useBuilderStore((s) => s.change);
  const list = useField('starterPrompts');
  const set = (index: number, value: string) =>
    change((d) => ({ ...d, starterPrompts: d.starterPrompts.map((p, i) => (i === index ? value : p)) }));

  return (
    <div data-testid="starter-prompts">
      <p className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Starter prompts ({prompts.length} / {MAX_STARTER_PROMPTS})
      </p>
      <ul className="space-y-1.5">
        {prompts.map((prompt, index) => (
          <StarterPromptRow
            key={index}
            index={index}
            value={prompt}
            onChange={(value) => set(index, value)}
            onRemove={() => change((d) => ({ ...d, starterPrompts: d.starterPrompts.filter((_, i) => i !== index) }))}
          />
        ))}
      </ul>
      <Button
        className="mt-2"
        data-testid="starter-add"
        disabled={prompts.length >= MAX_STARTER_PROMPTS}
        onClick={() => change((d) => ({ ...d, starterPrompts: [...d.starterPrompts, ''] }))}
      >
        Add starter prompt
      </Button>
      <FieldMessages field={list} />
    </div>
  );
}

function StarterPromptRow(props: { index: number; value: string; onChange(v: string): void; onRemove(): void }) {
  const field = useField(`starterPrompts[${props.index}]`);
  return (
    <li>
      <div className="flex items-center gap-1.5">
        <TextInput
          id={field.id}
          data-testid={`starter-${props.index}`}
          aria-label={`Starter prompt ${props.index + 1}`}
          className="flex-1"
          value={props.value}
          invalid={field.invalid}
          aria-describedby={field.describedBy}
          onBlur={field.onBlur}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <Button variant="ghost" aria-label={`Remove starter prompt ${props.index + 1}`} onClick={props.onRemove}>
          <CloseIcon size={14} />
        </Button>
      </div>
      <FieldMessages field={field} />
    </li>
  );
}
