import { z } from 'zod';

/** A JSON schema node as sent to the model (only the GBNF-compatible subset survives). */
export type JsonSchemaObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// Keys node-llama-cpp's grammar compiler understands; everything else (pattern, minimum, $schema) is dropped
// and still enforced by the zod schema after generation.
const KEPT_KEYS = new Set([
  'type',
  'description',
  'enum',
  'const',
  'oneOf',
  'properties',
  'required',
  'items',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'format',
]);
const GRAMMAR_FORMATS = new Set(['date-time', 'time', 'date']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function simplifyNode(node: unknown): JsonSchemaObject {
  if (!isRecord(node)) throw new Error(`unsupported JSON schema node: ${JSON.stringify(node)}`);
  const out: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    const name = key === 'anyOf' ? 'oneOf' : key;
    if (!KEPT_KEYS.has(name)) continue;
    if (name === 'format' && !(typeof value === 'string' && GRAMMAR_FORMATS.has(value))) continue;
    if (name === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, simplifyNode(v)]));
    } else if (name === 'items') {
      out.items = simplifyNode(value);
    } else if (name === 'oneOf' && Array.isArray(value)) {
      out.oneOf = value.map(simplifyNode);
    } else {
      out[name] = value as JsonValue;
    }
  }
  if (out.type === 'object') closeObject(out, node.required);
  return out;
}

/**
 * node-llama-cpp's grammar makes every listed property required, so an optional one is sent as
 * `value | null` and listed as required; `stripNullArguments` turns the nulls back into absent keys.
 */
function closeObject(out: JsonSchemaObject, required: unknown): void {
  const requiredKeys = new Set(Array.isArray(required) ? required : []);
  const properties = isRecord(out.properties) ? (out.properties as Record<string, JsonSchemaObject>) : {};
  for (const [key, schema] of Object.entries(properties)) {
    if (requiredKeys.has(key)) continue;
    const { description, ...rest } = schema;
    properties[key] = {
      ...(description === undefined ? {} : { description }),
      oneOf: [rest, { type: 'null' }],
    };
  }
  out.properties = properties;
  out.required = Object.keys(properties);
  // Closed objects: the model may not invent keys, which also keeps the grammar small.
  out.additionalProperties = false;
}

/** Drops top-level null arguments, i.e. optional fields the model had to emit and left empty. */
export function stripNullArguments(params: unknown): unknown {
  if (!isRecord(params)) return params;
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null));
}

/** Derives the JSON schema the model sees from a tool's zod input schema. */
export function toModelJsonSchema(schema: z.ZodType): JsonSchemaObject {
  const full = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
  const simplified = simplifyNode(full);
  if (simplified.type !== 'object') throw new Error('a tool input schema must be an object');
  return simplified;
}
