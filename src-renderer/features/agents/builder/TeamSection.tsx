import { Button } from '../../../components/Button';
import { Select } from '../../../components/Field';
import { CloseIcon } from '../../../components/icons';
import { Checkbox, TextInput } from '../../../components/TextInput';
import { useAgentsStore } from '../../../stores/agentsStore';
import { useBuilderStore } from '../builderStore';
import { FieldMessages, FormField, FormSection } from './FormField';
import { useField } from './fieldContext';
import { ModelPicker } from './ModelPicker';

const MAX_MEMBERS = 8;

/** A team's members (each with a one-line purpose the router reads) and the router's model. */
export function TeamSection() {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);
  const agents = useAgentsStore((s) => s.agents);
  const team = useField('team');
  const members = useField('team.members');
  const candidates = agents.filter((a) => a.definition.id !== draft.id && a.definition.kind === 'single');
  const setMember = (index: number, patch: Partial<{ agentId: string; purpose: string }>) =>
    change((d) => ({ ...d, members: d.members.map((m, i) => (i === index ? { ...m, ...patch } : m)) }));

  return (
    <FormSection
      title="Team"
      description="The router model picks one member for each message, using the purposes below."
    >
      <FieldMessages field={team} />
      <ul className="space-y-2" data-testid="team-members">
        {draft.members.map((member, index) => (
          <MemberRow
            key={index}
            index={index}
            agentId={member.agentId}
            purpose={member.purpose}
            options={candidates.map((a) => ({ id: a.definition.id, name: a.definition.name }))}
            onChange={(patch) => setMember(index, patch)}
            onRemove={() => change((d) => ({ ...d, members: d.members.filter((_, i) => i !== index) }))}
          />
        ))}
      </ul>
      <Button
        data-testid="team-add"
        disabled={draft.members.length >= MAX_MEMBERS}
        onClick={() => change((d) => ({ ...d, members: [...d.members, { agentId: '', purpose: '' }] }))}
      >
        Add member
      </Button>
      <FieldMessages field={members} />
      <ModelPicker
        path="team.routerModel"
        label="Router model"
        testId="team-router-model"
        help="Small and fast is fine: it only picks a member."
        value={draft.routerModel}
        onChange={(id) => change((d) => ({ ...d, routerModel: id }))}
      />
      <RouterSettings />
    </FormSection>
  );
}

interface MemberRowProps {
  index: number;
  agentId: string;
  purpose: string;
  options: { id: string; name: string }[];
  onChange(patch: Partial<{ agentId: string; purpose: string }>): void;
  onRemove(): void;
}

function MemberRow({ index, agentId, purpose, options, onChange, onRemove }: MemberRowProps) {
  const known = options.some((o) => o.id === agentId);
  return (
    <li className="grid grid-cols-[12rem_1fr_auto] items-start gap-2" data-testid={`team-member-${index}`}>
      <FormField path={`team.members[${index}].agentId`} label={`Member ${index + 1}`}>
        {(f) => (
          <Select
            id={f.id}
            className="w-full"
            value={agentId}
            aria-invalid={f.invalid || undefined}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => onChange({ agentId: e.target.value })}
          >
            <option value="">Choose an agent…</option>
            {!known && agentId !== '' && <option value={agentId}>{agentId} (not found)</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField path={`team.members[${index}].purpose`} label="Purpose (one line)">
        {(f) => (
          <TextInput
            id={f.id}
            className="w-full"
            placeholder="e.g. questions about orders"
            value={purpose}
            invalid={f.invalid}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => onChange({ purpose: e.target.value })}
          />
        )}
      </FormField>
      <Button variant="ghost" className="mt-5" aria-label={`Remove member ${index + 1}`} onClick={onRemove}>
        <CloseIcon size={14} />
      </Button>
    </li>
  );
}

/** Router model (one constrained token) or embeddings (purposes compared with the message), and the optional reason. */
function RouterSettings() {
  const draft = useBuilderStore((s) => s.draft);
  const change = useBuilderStore((s) => s.change);
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm">
        <span>Pick members by</span>
        <Select
          data-testid="team-router-mode"
          value={draft.routerMode}
          onChange={(e) =>
            change((d) => ({ ...d, routerMode: e.target.value === 'embedding' ? 'embedding' : 'model' }))
          }
        >
          <option value="model">the router model</option>
          <option value="embedding">embeddings (fastest; uses the memory embedding model)</option>
        </Select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <Checkbox
          data-testid="team-router-reason"
          checked={draft.routerReason}
          disabled={draft.routerMode === 'embedding'}
          onChange={(e) => change((d) => ({ ...d, routerReason: e.target.checked }))}
        />
        Ask the router model for a short reason (slower: it writes a sentence before each reply)
      </label>
    </div>
  );
}
