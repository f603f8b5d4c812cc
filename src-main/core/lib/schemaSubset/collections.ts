/** Object and array schemas: properties, free-form maps, property counts, tuples (prefixItems) and item counts. */
import { count, isObject, type Json, type Schema } from './keywords';
import { UnsupportedSchemaError } from './unsupportedSchemaError';

/** Normalizes a nested schema (the caller's recursion, which owns definitions and the node budget). */
export type NodeFn = (schema: Json, path: string) => Schema;

export function objectSchema(s: Schema, path: string, node: NodeFn): Schema {
  const properties = s.properties === undefined ? {} : s.properties;
  if (!isObject(properties)) throw new UnsupportedSchemaError('properties', path, '"properties" must be an object');
  const out: Record<string, Schema> = {};
  for (const [name, value] of Object.entries(properties)) out[name] = node(value, `${path}/properties/${name}`);
  const extra = s.additionalProperties;
  const hasProps = Object.keys(out).length > 0;
  const declared = s.properties !== undefined;
  // JSON Schema allows any extra keys by default; the grammar writes the declared ones, or a free map when
  // the schema declares no `properties` at all (json_object).
  const additional =
    extra === undefined || extra === true
      ? declared
        ? undefined
        : true
      : extra === false
        ? undefined
        : node(extra, `${path}/additionalProperties`);
  const minProps = count(s, 'minProperties', path);
  const maxProps = count(s, 'maxProperties', path);
  return {
    type: 'object',
    ...(hasProps ? { properties: out } : {}),
    ...(additional !== undefined ? { additionalProperties: additional } : {}),
    ...(minProps !== undefined && additional !== undefined ? { minProperties: minProps } : {}),
    ...(maxProps !== undefined && additional !== undefined
      ? { maxProperties: Math.max(maxProps, Object.keys(out).length) }
      : {}),
  };
}

export function arraySchema(s: Schema, path: string, node: NodeFn): Schema {
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  const prefixItems = tuple?.map((item, i) => node(item, `${path}/prefixItems/${i}`));
  let maxItems = count(s, 'maxItems', path);
  const minItems = count(s, 'minItems', path);
  if (rest === false) maxItems = Math.min(maxItems ?? Infinity, prefixItems?.length ?? 0);
  // No `items` (or `true`) means any JSON value, which is also what the grammar writes for a missing `items`.
  const items = rest === undefined || rest === false || rest === true ? undefined : node(rest, `${path}/items`);
  if (minItems !== undefined && maxItems !== undefined && maxItems < minItems)
    throw new UnsupportedSchemaError('maxItems', path, '"maxItems" is below "minItems"');
  return {
    type: 'array',
    ...(items ? { items } : {}),
    ...(prefixItems ? { prefixItems } : {}),
    ...(minItems ? { minItems } : {}),
    ...(maxItems !== undefined && Number.isFinite(maxItems) ? { maxItems } : {}),
  };
}
