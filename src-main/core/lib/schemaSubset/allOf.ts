/** `allOf` of one schema (kept as is) or of objects whose properties and required lists add up; nothing else. */
import { hasConstraints, isObject, type Json, type Schema } from './keywords';
import { UnsupportedSchemaError } from './unsupportedSchemaError';

/** Resolves `$ref` parts before merging (`deref` reads the root's definitions). */
export function mergeAllOf(schema: Schema, path: string, deref: (ref: string, path: string) => Json): Schema {
  const { allOf, ...rest } = schema;
  if (!Array.isArray(allOf) || allOf.length === 0)
    throw new UnsupportedSchemaError('allOf', path, '"allOf" must be a non-empty array');
  const parts = allOf.map((part, i) =>
    isObject(part) && typeof part.$ref === 'string' ? deref(part.$ref, `${path}/allOf/${i}`) : part,
  );
  if (parts.length === 1 && isObject(parts[0]) && !hasConstraints(rest)) return { ...parts[0], ...rest };
  const merged: Schema = {
    ...rest,
    type: 'object',
    properties: { ...(isObject(rest.properties) ? rest.properties : {}) },
    required: [...(Array.isArray(rest.required) ? rest.required : [])],
  };
  for (const part of parts) {
    if (
      !isObject(part) ||
      (part.type !== undefined && part.type !== 'object') ||
      part.anyOf ||
      part.oneOf ||
      part.allOf
    ) {
      throw new UnsupportedSchemaError(
        'allOf',
        path,
        '"allOf" is supported for one schema or for objects whose properties add up',
      );
    }
    Object.assign(merged.properties as Schema, isObject(part.properties) ? part.properties : {});
    (merged.required as unknown[]).push(...(Array.isArray(part.required) ? part.required : []));
    if (part.additionalProperties !== undefined) merged.additionalProperties = part.additionalProperties;
  }
  return merged;
}
