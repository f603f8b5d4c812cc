/** What the subset knows about JSON Schema keywords: which it refuses, which only annotate, how to read counts. */
import { UnsupportedSchemaError } from './unsupportedSchemaError';

export type Json = unknown;
export type Schema = Record<string, unknown>;

/** Keywords that constrain values and that no grammar here can enforce. */
export const UNENFORCEABLE = [
  'pattern',
  'patternProperties',
  'multipleOf',
  'contains',
  'minContains',
  'maxContains',
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
] as const;

export const ENFORCED_FORMATS = new Set(['date', 'time', 'date-time']);
export const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/** Any JSON value, as the grammar writes it. */
export const ANY: Schema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'object', additionalProperties: true },
    { type: 'array' },
  ],
};

export const isObject = (v: Json): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isScalar = (v: Json) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Keywords that only annotate (ignored by validation) do not count as constraints. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$schema',
  '$id',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  'discriminator',
  'nullable',
  '$defs',
  'definitions',
]);

export function hasConstraints(schema: Schema) {
  return Object.keys(schema).some((key) => !ANNOTATIONS.has(key) && !key.startsWith('x-'));
}

/** The type a schema without `type` implies by its keywords, if any. */
export function inferType(schema: Schema): string | undefined {
  if (schema.properties !== undefined || schema.additionalProperties !== undefined || schema.required !== undefined)
    return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.format !== undefined) return 'string';
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number';
  return undefined;
}

/** A count keyword (minLength, maxItems, …): a whole number within reason. */
export function count(s: Schema, key: string, path: string): number | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000) {
    throw new UnsupportedSchemaError(key, path, `"${key}" must be a whole number from 0 to 100000`);
  }
  return v;
}

/** A numeric bound keyword (minimum, maximum). */
export function bound(s: Schema, key: string, path: string): number | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new UnsupportedSchemaError(key, path, `"${key}" must be a number`);
  return v;
}
