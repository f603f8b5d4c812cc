import { TextInput } from '../../../components/TextInput';
import { cx } from '../../../components/cx';
import { Select } from '../../../components/Field';
import { AgentAvatar } from '../list/AgentAvatar';
import { AVATAR_COLOURS } from '../agentDraft';
import { useBuilderStore } from '../builderStore';
import { FormField, FormSection, borderFor, textAreaClass } from './FormField';

/** Name, id, avatar, description and kind. The id is fixed once the agent exists (chats refer to it). */
export function IdentitySection({ creating }: { creating: boolean }) {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);

  return (
    <FormSection title="Identity">
      <div className="flex items-start gap-4">
        <AgentAvatar symbol={draft.symbol} colour={draft.colour} name={draft.name} size="lg" />
        <div className="grid flex-1 gap-3 sm:grid-cols-2">
          <FormField path="name" label="Name">
            {(f) => (
              <TextInput
                id={f.id}
                data-testid="agent-name"
                className="w-full"
                value={draft.name}
                invalid={f.invalid}
                aria-describedby={f.describedBy}
                onBlur={f.onBlur}
                onChange={(e) => change((d) => ({ ...d, name: e.target.value }))}
              />
            )}
          </FormField>
          <FormField
            path="id"
            label="Id"
            help={
              creating
                ? 'Lowercase letters, digits and dashes; follows the name until you edit it.'
                : 'Fixed once saved.'
            }
          >
            {(f) => (
              <TextInput
                id={f.id}
                data-testid="agent-id"
                className="w-full font-mono"
                value={draft.id}
                readOnly={!creating}
                invalid={f.invalid}
                aria-describedby={f.describedBy}
                onBlur={f.onBlur}
                onChange={(e) => change((d) => ({ ...d, id: e.target.value, idEdited: true }))}
              />
            )}
          </FormField>
          <FormField path="avatar.symbol" label="Avatar symbol" help="An emoji or up to 3 initials.">
            {(f) => (
              <TextInput
                id={f.id}
                data-testid="agent-symbol"
                className="w-24"
                value={draft.symbol}
                invalid={f.invalid}
                aria-describedby={f.describedBy}
                onBlur={f.onBlur}
                onChange={(e) => change((d) => ({ ...d, symbol: e.target.value }))}
              />
            )}
          </FormField>
          <FormField path="avatar.colour" label="Colour">
            {(f) => (
              <div className="flex items-center gap-1.5">
                {AVATAR_COLOURS.map((colour) => (
                  <button
                    key={colour}
                    type="button"
                    aria-label={`Colour ${colour}`}
                    aria-pressed={draft.colour.toLowerCase() === colour}
                    className={cx(
                      'size-5 rounded-full ring-offset-2 dark:ring-offset-zinc-900',
                      draft.colour.toLowerCase() === colour && 'ring-2 ring-zinc-500',
                    )}
                    style={{ backgroundColor: colour }}
                    onClick={() => change((d) => ({ ...d, colour }))}
                  />
                ))}
                <TextInput
                  id={f.id}
                  data-testid="agent-colour"
                  className="ml-1 w-24 font-mono"
                  value={draft.colour}
                  invalid={f.invalid}
                  aria-describedby={f.describedBy}
                  onBlur={f.onBlur}
                  onChange={(e) => change((d) => ({ ...d, colour: e.target.value }))}
                />
              </div>
            )}
          </FormField>
        </div>
      </div>
      <FormField path="description" label="Description" help={`${draft.description.length} / 500`}>
        {(f) => (
          <textarea
            id={f.id}
            data-testid="agent-description"
            rows={2}
            className={cx(textAreaClass, borderFor(f.invalid))}
            value={draft.description}
            aria-invalid={f.invalid || undefined}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => change((d) => ({ ...d, description: e.target.value }))}
          />
        )}
      </FormField>
      <FormField path="kind" label="Kind" help="A team routes each message to one of its member agents.">
        {(f) => (
          <Select
            id={f.id}
            data-testid="agent-kind"
            value={draft.kind}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => change((d) => ({ ...d, kind: e.target.value === 'team' ? 'team' : 'single' }))}
          >
            <option value="single">Single agent</option>
            <option value="team">Team (router + members)</option>
          </Select>
        )}
      </FormField>
    </FormSection>
  );
}
