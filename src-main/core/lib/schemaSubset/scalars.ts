/** String and number schemas: formats the grammar writes, lengths in code points, integer and number ranges. */
import { bound, count, ENFORCED_FORMATS, type Schema } from './keywords';
import { UnsupportedSchemaError } from './unsupportedSchemaError';

export function stringSchema(s: Schema, path: string): Schema {
  if (s.format !== undefined) {
    if (typeof s.format !== 'string' || !ENFORCED_FORMATS.has(s.format)) {
      throw new UnsupportedSchemaError(
        'format',
        path,
        `"format": ${JSON.stringify(s.format)} cannot be enforced (supported: date, time, date-time)`,
      );
    }
    if (s.minLength !== undefined || s.maxLength !== undefined) {
      throw new UnsupportedSchemaError('minLength', path, '"minLength"/"maxLength" cannot be combined with "format"');
    }
    return { type: 'string', format: s.format };
  }
  const min = count(s, 'minLength', path);
  const max = count(s, 'maxLength', path);
  if (min !== undefined && max !== undefined && max < min)
    throw new UnsupportedSchemaError('maxLength', path, '"maxLength" is below "minLength"');
  return { type: 'string', ...(min ? { minLength: min } : {}), ...(max !== undefined ? { maxLength: max } : {}) };
}

/** Draft 4 writes `exclusiveMinimum: true` next to `minimum`; later drafts give the bound itself. */
function exclusiveBound(
  type: 'integer' | 'number',
  s: Schema,
  key: 'exclusiveMinimum' | 'exclusiveMaximum',
  paired: number | undefined,
  path: string,
): number | undefined {
  const v = s[key];
  if (v === undefined || v === false) return undefined;
  if (type === 'number') {
    throw new UnsupportedSchemaError(key, path, `"${key}" on a number cannot be enforced (use "minimum"/"maximum")`);
  }
  const value = v === true ? paired : typeof v === 'number' ? v : undefined;
  if (value === undefined) throw new UnsupportedSchemaError(key, path, `"${key}" must be a number`);
  return value;
}

export function numberSchema(type: 'integer' | 'number', s: Schema, path: string): Schema {
  let min = bound(s, 'minimum', path);
  let max = bound(s, 'maximum', path);
  const exMin = exclusiveBound(type, s, 'exclusiveMinimum', min, path);
  const exMax = exclusiveBound(type, s, 'exclusiveMaximum', max, path);
  if (type === 'integer') {
    if (exMin !== undefined) min = Math.max(min ?? -Infinity, Math.floor(exMin) + 1);
    if (exMax !== undefined) max = Math.min(max ?? Infinity, Math.ceil(exMax) - 1);
    if (min !== undefined) min = Math.ceil(min);
    if (max !== undefined) max = Math.floor(max);
  } else {
    for (const [key, value] of [
      ['minimum', min],
      ['maximum', max],
    ] as const) {
      if (value !== undefined && !Number.isInteger(value)) {
        throw new UnsupportedSchemaError(
          key,
          path,
          `"${key}": ${value} cannot be enforced on a number (only whole-number bounds)`,
        );
      }
    }
  }
  const limit = 10 ** 15 - 1;
  if ((min !== undefined && Math.abs(min) > limit) || (max !== undefined && Math.abs(max) > limit)) {
    throw new UnsupportedSchemaError(
      min !== undefined && Math.abs(min) > limit ? 'minimum' : 'maximum',
      path,
      'bounds beyond 15 digits cannot be enforced',
    );
  }
  if (min !== undefined && max !== undefined && max < min) {
    throw new UnsupportedSchemaError('maximum', path, `no ${type} lies between minimum ${min} and maximum ${max}`);
  }
  return { type, ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) };
}
