/**
 * A server's `elicitation/create` (form mode) as a form card: its flat `requestedSchema` becomes fields the card
 * can draw (text, number, integer, yes/no, a choice). Everything the server says is cleaned and capped.
 */
import type { ElicitationForm, FormField, FormValue } from '@contract';
import { cleanText } from './mcpToolAdapter';

export class ElicitationSchemaError extends Error {}

type Json = Record<string, unknown>;

const MAX_FIELDS = 30;
const MAX_OPTIONS = 100;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const int = (value: unknown): number | null => (Number.isInteger(value) ? (value as number) : null);
const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.trim() ? cleanText(value, max) : null;

function options(schema: Json): FormField['options'] | null {
  if (Array.isArray(schema.enum)) {
    const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
    return schema.enum.slice(0, MAX_OPTIONS).map((value, i) => ({
      value: String(value),
      label: text(names[i], 100) ?? cleanText(String(value), 100),
    }));
  }
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null;
  if (!choices) return null;
  return choices
    .filter(isObject)
    .slice(0, MAX_OPTIONS)
    .map((choice) => ({
      value: String(choice.const),
      label: text(choice.title, 100) ?? cleanText(String(choice.const), 100),
    }));
}

function defaultOf(schema: Json): FormValue | null {
  const value = schema.default;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => String(v).slice(0, 1000));
  if (typeof value === 'string') return value.slice(0, 10_000);
  return typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

function field(name: string, schema: unknown, required: boolean): FormField {
  if (!isObject(schema)) throw new ElicitationSchemaError(`field "${name}" has no schema`);
  const base = {
    name,
    title: text(schema.title, 100) ?? cleanText(name, 100),
    description: text(schema.description, 500),
    required,
    options: [] as FormField['options'],
    default: defaultOf(schema),
    min: null,
    max: null,
    minLength: null,
    maxLength: null,
    format: null,
  };
  switch (schema.type) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'number':
    case 'integer':
      return { ...base, kind: schema.type, min: num(schema.minimum), max: num(schema.maximum) };
    case 'array': {
      const choices = isObject(schema.items) ? options(schema.items) : null;
      if (!choices) throw new ElicitationSchemaError(`field "${cleanText(name, 60)}" is a list without choices`);
      return { ...base, kind: 'multi', options: choices, min: int(schema.minItems), max: int(schema.maxItems) };
    }
    case 'string': {
      const choices = options(schema);
      if (choices) return { ...base, kind: 'enum', options: choices };
      return {
        ...base,
        kind: 'string',
        minLength: int(schema.minLength),
        maxLength: int(schema.maxLength),
        format: text(schema.format, 20),
      };
    }
    default:
      throw new ElicitationSchemaError(
        `field "${cleanText(name, 60)}" is of type ${cleanText(String(schema.type), 20)}; Outpost's form cards ` +
          'take text, number, integer, boolean and choice fields',
      );
  }
}

/** The card for a form request; a field the card cannot draw is an error naming it (the server hears why). */
export function formFromRequest(message: string, requestedSchema: unknown): ElicitationForm {
  if (!isObject(requestedSchema) || !isObject(requestedSchema.properties)) {
    throw new ElicitationSchemaError('requestedSchema must be an object with properties');
  }
  const required = new Set(Array.isArray(requestedSchema.required) ? requestedSchema.required.map(String) : []);
  const entries = Object.entries(requestedSchema.properties);
  if (entries.length > MAX_FIELDS) throw new ElicitationSchemaError(`at most ${MAX_FIELDS} fields per form`);
  return {
    message: cleanText(message, 2000),
    fields: entries.map(([name, schema]) => field(name, schema, required.has(name))),
  };
}
