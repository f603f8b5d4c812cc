/** Pure helpers of the form card: starting values from the server's defaults, and which required fields are empty. */
import type { ElicitationForm, FormValue } from '@contract';

export function initialFormValues(form: ElicitationForm): Record<string, FormValue> {
  const values: Record<string, FormValue> = {};
  for (const field of form.fields) {
    if (field.default !== null) values[field.name] = field.default;
    else if (field.kind === 'boolean') values[field.name] = false;
  }
  return values;
}

export function missingRequired(form: ElicitationForm, values: Record<string, FormValue>): string[] {
  return form.fields
    .filter((f) => {
      const value = values[f.name];
      return f.required && (value === undefined || value === '' || (Array.isArray(value) && value.length === 0));
    })
    .map((f) => f.title);
}
