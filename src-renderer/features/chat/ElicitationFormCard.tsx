/** A form an MCP server asks the user to fill in (elicitation): its fields, then Send, Decline or Cancel. */
import { useState } from 'react';
import type { ApprovalRequestEvent, ElicitationForm, FormField, FormValue } from '@contract';
import { Button } from '../../components/Button';
import { Select } from '../../components/Field';
import { Checkbox, TextInput } from '../../components/TextInput';
import { useChatStore } from '../../stores/chatStore';
import { initialFormValues, missingRequired } from './elicitationForm';

const OUTCOME_TEXT: Record<ApprovalRequestEvent['outcome'], string> = {
  pending: 'Waiting for your answer — the tool continues after it.',
  approved: 'Sent to the server',
  denied: 'Declined',
  cancelled: 'Cancelled',
  expired: 'Expired: the request closed before an answer (timed out or the reply was stopped).',
};

const INPUT_TYPE: Record<string, string> = { email: 'email', uri: 'url', date: 'date', 'date-time': 'datetime-local' };

export function ElicitationControls({
  approval,
  form,
  respond,
}: {
  approval: ApprovalRequestEvent;
  form: ElicitationForm;
  respond?: (callId: string, decision: 'approve' | 'deny' | 'cancel', values?: Record<string, FormValue>) => void;
}) {
  const storeRespond = useChatStore((s) => s.respond);
  const responding = useChatStore((s) => Boolean(s.responding[approval.callId]));
  const answer = respond ?? ((id, decision, values) => void storeRespond(id, decision, values));
  const [values, setValues] = useState<Record<string, FormValue>>(() => initialFormValues(form));
  const disabled = !approval.open || responding;
  const missing = missingRequired(form, values);
  const set = (name: string, value: FormValue) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <form
      className="space-y-2"
      data-testid="elicitation-form"
      data-outcome={approval.outcome}
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled && missing.length === 0) answer(approval.callId, 'approve', values);
      }}
    >
      <p className="text-sm whitespace-pre-wrap" data-testid="elicitation-message">
        {form.message}
      </p>
      {form.fields.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={values[field.name]}
          disabled={disabled}
          onChange={(v) => set(field.name, v)}
        />
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="submit"
          variant="primary"
          data-testid="elicitation-accept"
          disabled={disabled || missing.length > 0}
        >
          Send
        </Button>
        <Button data-testid="elicitation-decline" disabled={disabled} onClick={() => answer(approval.callId, 'deny')}>
          Decline
        </Button>
        <Button
          variant="ghost"
          data-testid="elicitation-cancel"
          disabled={disabled}
          onClick={() => answer(approval.callId, 'cancel')}
        >
          Cancel
        </Button>
        <span role="status" className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="approval-outcome">
          {approval.open && missing.length > 0 ? `Required: ${missing.join(', ')}` : OUTCOME_TEXT[approval.outcome]}
        </span>
      </div>
    </form>
  );
}

function FieldInput({
  field,
  value,
  disabled,
  onChange,
}: {
  field: FormField;
  value: FormValue | undefined;
  disabled: boolean;
  onChange: (value: FormValue) => void;
}) {
  const id = `elicit-${field.name}`;
  const label = (
    <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
      {field.title}
      {field.required ? ' *' : ''}
    </label>
  );
  const help = field.description && <p className="text-xs text-zinc-500 dark:text-zinc-400">{field.description}</p>;
  if (field.kind === 'boolean') {
    return (
      <div className="flex items-center gap-2" data-testid={`elicitation-field-${field.name}`}>
        <Checkbox id={id} checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        {label}
        {help}
      </div>
    );
  }
  if (field.kind === 'multi') {
    const picked = Array.isArray(value) ? value : [];
    return (
      <fieldset className="flex flex-col gap-1" data-testid={`elicitation-field-${field.name}`}>
        <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          {field.title}
          {field.required ? ' *' : ''}
        </legend>
        {field.options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-xs">
            <Checkbox
              checked={picked.includes(o.value)}
              disabled={disabled}
              onChange={(e) => onChange(e.target.checked ? [...picked, o.value] : picked.filter((v) => v !== o.value))}
            />
            {o.label}
          </label>
        ))}
        {help}
      </fieldset>
    );
  }
  return (
    <div className="flex flex-col gap-1" data-testid={`elicitation-field-${field.name}`}>
      {label}
      {field.kind === 'enum' ? (
        <Select
          id={id}
          value={typeof value === 'string' ? value : ''}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">Choose…</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      ) : (
        <TextInput
          id={id}
          type={field.kind === 'string' ? (INPUT_TYPE[field.format ?? ''] ?? 'text') : 'number'}
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          minLength={field.minLength ?? undefined}
          maxLength={field.maxLength ?? undefined}
          value={value === undefined ? '' : String(value)}
          disabled={disabled}
          onChange={(e) =>
            onChange(field.kind === 'string' || e.target.value === '' ? e.target.value : Number(e.target.value))
          }
        />
      )}
      {help}
    </div>
  );
}
