/** Checks a form card's answer against its fields (types, required, ranges, options) before it goes to a server. */
import type { ElicitationForm, FormField, FormValue } from '@contract';

export type CheckedValues = { ok: true; values: Record<string, FormValue> } | { ok: false; message: string };
type Checked = { value: FormValue } | { error: string };

function fieldValue(field: FormField, raw: FormValue): Checked {
  const name = field.title || field.name;
  switch (field.kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { error: `${name} must be yes or no` };
    case 'number':
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { error: `${name} must be a number` };
      if (field.kind === 'integer' && !Number.isInteger(n)) return { error: `${name} must be a whole number` };
      if (field.min !== null && n < field.min) return { error: `${name} must be at least ${field.min}` };
      if (field.max !== null && n > field.max) return { error: `${name} must be at most ${field.max}` };
      return { value: n };
    }
    case 'enum':
      return typeof raw === 'string' && field.options.some((o) => o.value === raw)
        ? { value: raw }
        : { error: `${name} must be one of: ${field.options.map((o) => o.label).join(', ')}` };
    case 'multi': {
      const picked = Array.isArray(raw) ? raw : null;
      if (!picked || picked.some((v) => !field.options.some((o) => o.value === v)))
        return { error: `${name} must be chosen from: ${field.options.map((o) => o.label).join(', ')}` };
      if (field.min !== null && picked.length < field.min) return { error: `${name}: choose at least ${field.min}` };
      if (field.max !== null && picked.length > field.max) return { error: `${name}: choose at most ${field.max}` };
      return { value: picked };
    }
    case 'string':
      if (typeof raw !== 'string') return { error: `${name} must be text` };
      if (field.minLength !== null && raw.length < field.minLength)
        return { error: `${name} needs at least ${field.minLength} characters` };
      if (field.maxLength !== null && raw.length > field.maxLength)
        return { error: `${name} allows at most ${field.maxLength} characters` };
      return { value: raw };
  }
}

/** Unknown names are dropped; an empty optional field is left out rather than sent empty. */
export function checkFormValues(form: ElicitationForm, values: Record<string, FormValue>): CheckedValues {
  const out: Record<string, FormValue> = {};
  for (const field of form.fields) {
    const raw = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    const empty = raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0 && field.min === null);
    if (empty) {
      if (field.required) return { ok: false, message: `${field.title || field.name} is required` };
      continue;
    }
    const checked = fieldValue(field, raw);
    if ('error' in checked) return { ok: false, message: checked.error };
    out[field.name] = checked.value;
  }
  return { ok: true, values: out };
}
