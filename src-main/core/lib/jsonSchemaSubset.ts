/**
 * JSON Schema as clients send it (Pydantic, zod, OpenAI/Anthropic tool definitions) → the subset the grammar
 * compiler enforces (node-llama-cpp's GbnfJsonSchema, patched for integer/number ranges). A keyword that would
 * constrain values but cannot be enforced is refused, naming it, so nothing is silently ignored.
 */

export class UnsupportedSchemaError extends Error {
  constructor(
    /** The keyword at fault (e.g. "pattern"), or "$ref"/"enum" for unusable values of those. */
    readonly keyword: string,
    /** JSON-pointer-like path of the schema node, "" for the root. */
    readonly path: string,
    detail: string,
  ) {
    super(`${path === '' ? 'schema' : `schema at ${path}`}: ${detail}`);
    this.name = 'UnsupportedSchemaError';
  }
}

type Json = unknown;
type Schema = Record<string, unknown>;

/** Keywords that constrain values and that no grammar here can enforce. */
const UNENFORCEABLE = [
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

const ENFORCED_FORMATS = new Set(['date', 'time', 'date-time']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
const MAX_NODES = 5_000;
const ANY: Schema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'object', additionalProperties: true },
    { type: 'array' },
  ],
};

const isObject = (v: Json): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: Json) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

class Normalizer {
  private nodes = 0;
  readonly defs: Record<string, Schema> = {};
  private readonly pendingDefs = new Map<string, { schema: Json; path: string }>();
  private readonly known = new Set<string>();

  constructor(private readonly root: Schema) {}

  run(): Schema {
    this.collectDefs(this.root, '');
    const out = this.node(this.root, '');
    // Definitions are normalized once each, after the root so recursion resolves by name.
    for (const [name, { schema, path }] of this.pendingDefs) {
      this.pendingDefs.delete(name);
      this.defs[name] = this.node(schema, path);
    }
    return Object.keys(this.defs).length > 0 ? { ...out, $defs: this.defs } : out;
  }

  private collectDefs(schema: Schema, path: string) {
    for (const key of ['$defs', 'definitions'] as const) {
      const defs = schema[key];
      if (defs === undefined) continue;
      if (!isObject(defs)) throw new UnsupportedSchemaError(key, path, `"${key}" must be an object`);
      for (const [name, def] of Object.entries(defs)) {
        this.pendingDefs.set(this.defName(key, name), { schema: def, path: `${path}/${key}/${name}` });
        this.known.add(this.defName(key, name));
      }
    }
  }

  private defName(key: '$defs' | 'definitions', name: string) {
    return key === '$defs' ? name : `definitions.${name}`;
  }

  private ref(ref: unknown, path: string): Schema {
    if (ref === '#') {
      if (!this.defs.__root && !this.pendingDefs.has('__root'))
        this.pendingDefs.set('__root', { schema: this.root, path });
      return { $ref: '#/$defs/__root' };
    }
    const match = typeof ref === 'string' ? /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref) : null;
    if (!match) {
      throw new UnsupportedSchemaError(
        '$ref',
        path,
        `"$ref": ${JSON.stringify(ref)} is not supported (only "#", "#/$defs/<name>" and "#/definitions/<name>")`,
      );
    }
    const name = this.defName(match[1] as '$defs' | 'definitions', decodeURIComponent(match[2] ?? ''));
    if (!this.known.has(name)) {
      throw new UnsupportedSchemaError('$ref', path, `"$ref": "${String(ref)}" points to no definition`);
    }
    return { $ref: `#/$defs/${name}` };
  }

  node(schema: Json, path: string): Schema {
    if (++this.nodes > MAX_NODES) throw new UnsupportedSchemaError('', path, `more than ${MAX_NODES} schema nodes`);
    if (schema === true) return ANY;
    if (schema === false) throw new UnsupportedSchemaError('false', path, 'the schema `false` accepts no value');
    if (!isObject(schema)) throw new UnsupportedSchemaError('type', path, 'a schema must be an object or a boolean');
    for (const keyword of UNENFORCEABLE) {
      if (schema[keyword] !== undefined) {
        throw new UnsupportedSchemaError(keyword, path, `"${keyword}" cannot be enforced by the output grammar`);
      }
    }
    if (schema.uniqueItems === true) {
      throw new UnsupportedSchemaError('uniqueItems', path, '"uniqueItems" cannot be enforced by the output grammar');
    }
    const description = typeof schema.description === 'string' ? { description: schema.description } : {};
    const withNull = (s: Schema): Schema =>
      schema.nullable === true ? { oneOf: [s, { type: 'null' }], ...description } : s;

    if (schema.$ref !== undefined) return withNull({ ...this.ref(schema.$ref, path), ...description });
    if (schema.const !== undefined) {
      if (!isScalar(schema.const))
        throw new UnsupportedSchemaError('const', path, '"const" must be a string, number, boolean or null');
      return withNull({ const: schema.const, ...description });
    }
    if (schema.enum !== undefined) {
      if (!Array.isArray(schema.enum) || schema.enum.length === 0 || !schema.enum.every(isScalar)) {
        throw new UnsupportedSchemaError('enum', path, '"enum" must list strings, numbers, booleans or null');
      }
      return withNull({ enum: schema.enum, ...description });
    }
    const union = schema.anyOf ?? schema.oneOf;
    if (union !== undefined) {
      const keyword = schema.anyOf !== undefined ? 'anyOf' : 'oneOf';
      if (!Array.isArray(union) || union.length === 0) {
        throw new UnsupportedSchemaError(keyword, path, `"${keyword}" must be a non-empty array`);
      }
      // Sibling constraints (e.g. {type: "object", anyOf: [...]}) apply to every branch.
      const { anyOf: _a, oneOf: _o, ...rest } = schema;
      const siblings = hasConstraints(rest) ? rest : null;
      const branches = union.map((branch, i) =>
        this.node(siblings && isObject(branch) ? { ...siblings, ...branch } : branch, `${path}/${keyword}/${i}`),
      );
      return withNull(branches.length === 1 ? { ...branches[0], ...description } : { oneOf: branches, ...description });
    }
    if (schema.allOf !== undefined) return withNull(this.node(this.mergeAllOf(schema, path), path));

    const type = schema.type ?? inferType(schema);
    const types = Array.isArray(type) ? type : [type];
    for (const t of types) {
      if (typeof t !== 'string' || !TYPES.has(t))
        throw new UnsupportedSchemaError('type', path, `unknown type ${JSON.stringify(t)}`);
    }
    if (type === undefined) return withNull({ ...ANY, ...description });
    if (schema.nullable === true && !types.includes('null')) types.push('null');
    const parts = (types as string[]).map((t) => this.typed(t, schema, path));
    return parts.length === 1 ? { ...parts[0], ...description } : { oneOf: parts, ...description };
  }

  private mergeAllOf(schema: Schema, path: string): Schema {
    const { allOf, ...rest } = schema;
    if (!Array.isArray(allOf) || allOf.length === 0)
      throw new UnsupportedSchemaError('allOf', path, '"allOf" must be a non-empty array');
    const parts = allOf.map((part, i) =>
      isObject(part) && typeof part.$ref === 'string' ? this.deref(part.$ref, `${path}/allOf/${i}`) : part,
    );
    if (parts.length === 1 && isObject(parts[0]) && !hasConstraints(rest)) return { ...parts[0], ...rest };
    // Only objects merge soundly: properties and required add up.
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

  private deref(ref: string, path: string): Json {
    const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
    const defs = match ? this.root[match[1] as string] : undefined;
    const found = match && isObject(defs) ? defs[decodeURIComponent(match[2] ?? '')] : undefined;
    if (found === undefined) throw new UnsupportedSchemaError('$ref', path, `"$ref": "${ref}" points to no definition`);
    return found;
  }

  private typed(type: string, s: Schema, path: string): Schema {
    switch (type) {
      case 'string':
        return this.string(s, path);
      case 'integer':
      case 'number':
        return this.number(type, s, path);
      case 'object':
        return this.object(s, path);
      case 'array':
        return this.array(s, path);
      default:
        return { type };
    }
  }

  private string(s: Schema, path: string): Schema {
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

  private number(type: 'integer' | 'number', s: Schema, path: string): Schema {
    let min = bound(s, 'minimum', path);
    let max = bound(s, 'maximum', path);
    const exclusive = (key: 'exclusiveMinimum' | 'exclusiveMaximum', paired: number | undefined) => {
      const v = s[key];
      if (v === undefined || v === false) return undefined;
      if (type === 'number') {
        throw new UnsupportedSchemaError(
          key,
          path,
          `"${key}" on a number cannot be enforced (use "minimum"/"maximum")`,
        );
      }
      // Draft 4 writes exclusiveMinimum: true next to minimum.
      const value = v === true ? paired : typeof v === 'number' ? v : undefined;
      if (value === undefined) throw new UnsupportedSchemaError(key, path, `"${key}" must be a number`);
      return value;
    };
    const exMin = exclusive('exclusiveMinimum', min);
    const exMax = exclusive('exclusiveMaximum', max);
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

  private object(s: Schema, path: string): Schema {
    const properties = s.properties === undefined ? {} : s.properties;
    if (!isObject(properties)) throw new UnsupportedSchemaError('properties', path, '"properties" must be an object');
    const out: Record<string, Schema> = {};
    for (const [name, value] of Object.entries(properties)) out[name] = this.node(value, `${path}/properties/${name}`);
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
          : this.node(extra, `${path}/additionalProperties`);
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

  private array(s: Schema, path: string): Schema {
    const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
    const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
    const prefixItems = tuple?.map((item, i) => this.node(item, `${path}/prefixItems/${i}`));
    let maxItems = count(s, 'maxItems', path);
    const minItems = count(s, 'minItems', path);
    if (rest === false) maxItems = Math.min(maxItems ?? Infinity, prefixItems?.length ?? 0);
    // No `items` (or `true`) means any JSON value, which is also what the grammar writes for a missing `items`.
    const items = rest === undefined || rest === false || rest === true ? undefined : this.node(rest, `${path}/items`);
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
}

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
function hasConstraints(schema: Schema) {
  return Object.keys(schema).some((key) => !ANNOTATIONS.has(key) && !key.startsWith('x-'));
}

function inferType(schema: Schema): string | undefined {
  if (schema.properties !== undefined || schema.additionalProperties !== undefined || schema.required !== undefined)
    return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.format !== undefined) return 'string';
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number';
  return undefined;
}

function count(s: Schema, key: string, path: string): number | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000) {
    throw new UnsupportedSchemaError(key, path, `"${key}" must be a whole number from 0 to 100000`);
  }
  return v;
}

function bound(s: Schema, key: string, path: string): number | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new UnsupportedSchemaError(key, path, `"${key}" must be a number`);
  return v;
}

/** The enforceable form of `schema`; throws UnsupportedSchemaError naming the first keyword that can't be enforced. */
export function toGrammarSchema(schema: unknown): Record<string, unknown> {
  if (schema === true || schema === undefined) return ANY;
  if (!isObject(schema)) return new Normalizer({}).node(schema, '');
  return new Normalizer(schema).run();
}
