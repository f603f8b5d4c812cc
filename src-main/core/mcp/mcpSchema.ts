/**
 * An MCP tool's input schema, twice: the full schema validates arguments (ajv, as the server would), and a
 * grammar-friendly copy is what the model is constrained to. Optional fields the grammar makes the model emit as
 * `null` are removed again before validation, at any depth; a field the server declares nullable keeps its null.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchemaObject } from '../tools/jsonSchema';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Node = Record<string, unknown>;

export class McpSchemaError extends Error {}

export interface PreparedSchema {
  /** What the model sees (node-llama-cpp's grammar subset, `$defs`/`$ref` included). */
  modelSchema: JsonSchemaObject;
  /** Drops grammar-forced nulls, then validates; `issues` are readable lines. */
  check(args: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; issues: string[] };
}

// 2020-12 is MCP's default dialect; draft-07 tuples are rewritten to it first (see toDraft2020).
const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
addFormats.default(ajv);
const MAX_REF_DEPTH = 16;
const GRAMMAR_FORMATS = new Set(['date-time', 'time', 'date']);
// The grammar reads a schema without a type as `null`; "anything" has to be spelled out.
const ANY_VALUE: JsonSchemaObject = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'array' },
    { type: 'object', additionalProperties: true },
  ],
};
const SCALAR_KEYS = ['description', 'enum', 'const', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Local `#/$defs/X` and `#/definitions/X` refs, and `#` for the root; anything else is refused. */
function defName(ref: string): string {
  if (ref === '#') return '__root';
  const match = /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(ref);
  if (!match?.[1]) throw new McpSchemaError(`it uses a $ref Outpost cannot follow (${ref.slice(0, 80)})`);
  return decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~');
}

function allowsNull(schema: unknown, root: Node, depth = 0): boolean {
  if (!isNode(schema) || depth > MAX_REF_DEPTH) return false;
  if (typeof schema.$ref === 'string') return allowsNull(resolveRef(schema.$ref, root), root, depth + 1);
  const type = schema.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (schema.const === null || (Array.isArray(schema.enum) && schema.enum.includes(null))) return true;
  const branches = [schema.anyOf, schema.oneOf].flatMap((b) => (Array.isArray(b) ? b : []));
  return branches.some((b) => allowsNull(b, root, depth + 1));
}

function resolveRef(ref: string, root: Node): unknown {
  const name = defName(ref);
  if (name === '__root') return root;
  const defs = { ...(isNode(root.definitions) ? root.definitions : {}), ...(isNode(root.$defs) ? root.$defs : {}) };
  return defs[name];
}

class ModelSchemaBuilder {
  readonly defs: Record<string, JsonSchemaObject> = {};
  private readonly pending = new Set<string>();

  constructor(private readonly root: Node) {}

  node(schema: unknown): JsonSchemaObject {
    if (schema === true) return ANY_VALUE;
    if (!isNode(schema)) throw new McpSchemaError(`a schema node is not an object (${JSON.stringify(schema)})`);
    if (typeof schema.$ref === 'string') return this.ref(schema.$ref);
    const branches = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(branches)) return this.withDescription(schema, { oneOf: branches.map((b) => this.node(b)) });
    if (Array.isArray(schema.allOf)) return this.node(mergeAllOf(schema));
    if (Array.isArray(schema.type)) {
      const types = schema.type.filter((t): t is string => typeof t === 'string');
      const variants = types.map((type) => this.node({ ...schema, type, description: undefined }));
      return this.withDescription(schema, variants.length === 1 ? variants[0]! : { oneOf: variants });
    }
    const out: JsonSchemaObject = {};
    if (typeof schema.type === 'string') out.type = schema.type;
    for (const key of SCALAR_KEYS) if (schema[key] !== undefined) out[key] = schema[key] as Json;
    if (typeof schema.format === 'string' && GRAMMAR_FORMATS.has(schema.format)) out.format = schema.format;
    if (schema.default !== undefined) {
      // The grammar has no defaults; the model reads it and the server applies it when the field is left out.
      const note = `Default: ${JSON.stringify(schema.default)}.`;
      out.description = typeof out.description === 'string' ? `${out.description} ${note}` : note;
    }
    if (out.type === 'array' || schema.items !== undefined || schema.prefixItems !== undefined) this.array(schema, out);
    if (out.type === 'object' || isNode(schema.properties)) this.object(schema, out);
    const constrained = out.type !== undefined || out.enum !== undefined || out.const !== undefined;
    return constrained ? out : { ...ANY_VALUE, ...out };
  }

  private withDescription(schema: Node, out: JsonSchemaObject): JsonSchemaObject {
    return typeof schema.description === 'string' ? { description: schema.description, ...out } : out;
  }

  private ref(ref: string): JsonSchemaObject {
    const name = defName(ref).replace(/[^A-Za-z0-9_]/g, '_');
    if (!this.defs[name] && !this.pending.has(name)) {
      const target = resolveRef(ref, this.root);
      if (target === undefined) throw new McpSchemaError(`its $ref ${ref.slice(0, 80)} points nowhere`);
      this.pending.add(name);
      this.defs[name] = this.node(name === '__root' ? { ...this.root, $defs: undefined } : target);
      this.pending.delete(name);
    }
    return { $ref: `#/$defs/${name}` };
  }

  private array(schema: Node, out: JsonSchemaObject): void {
    out.type = 'array';
    // Draft-07 tuples (`items: [..]`) and 2020-12 tuples (`prefixItems`) both become prefixItems.
    const tuple = Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : Array.isArray(schema.items)
        ? schema.items
        : null;
    if (tuple) {
      out.prefixItems = tuple.map((item) => this.node(item));
      const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
      if (rest !== undefined && rest !== false) out.items = this.node(rest);
      if (rest === false) out.maxItems = tuple.length;
    } else if (schema.items !== undefined) {
      out.items = this.node(schema.items);
    }
  }

  private object(schema: Node, out: JsonSchemaObject): void {
    out.type = 'object';
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const properties: Record<string, JsonSchemaObject> = {};
    for (const [key, value] of Object.entries(isNode(schema.properties) ? schema.properties : {})) {
      const converted = this.node(value);
      // The grammar emits every listed key; an optional one may be null, removed again before validation.
      if (required.has(key) || allowsNull(value, this.root)) properties[key] = converted;
      else {
        const { description, ...rest } = converted;
        properties[key] = { ...(description === undefined ? {} : { description }), oneOf: [rest, { type: 'null' }] };
      }
    }
    out.properties = properties;
    out.required = Object.keys(properties);
    const extra = schema.additionalProperties;
    if (isNode(extra) && Object.keys(extra).length > 0) out.additionalProperties = this.node(extra);
    // An object with no declared keys is a free-form map; otherwise the model may not invent keys.
    else out.additionalProperties = extra === true || (Object.keys(properties).length === 0 && extra !== false);
  }
}

/** `allOf` of object schemas becomes one object; anything else is out of the grammar's reach. */
function mergeAllOf(schema: Node): Node {
  const { allOf, ...rest } = schema;
  const parts = [rest, ...(allOf as unknown[])];
  const merged: Node = { type: 'object', properties: {}, required: [] };
  for (const part of parts) {
    if (!isNode(part)) throw new McpSchemaError('it uses allOf with a non-object part');
    if (part.type !== undefined && part.type !== 'object') throw new McpSchemaError('it uses allOf over non-objects');
    Object.assign(merged.properties as Node, isNode(part.properties) ? part.properties : {});
    (merged.required as unknown[]).push(...(Array.isArray(part.required) ? part.required : []));
    if (typeof part.description === 'string') merged.description = part.description;
  }
  return merged;
}

/** Removes nulls the grammar forced into optional fields, following the schema into nested objects and arrays. */
function dropForcedNulls(value: unknown, schema: unknown, root: Node, depth = 0): unknown {
  if (!isNode(schema) || depth > MAX_REF_DEPTH * 4) return value;
  if (typeof schema.$ref === 'string') {
    const target = (() => {
      try {
        return resolveRef(schema.$ref, root);
      } catch {
        return undefined;
      }
    })();
    return dropForcedNulls(value, target, root, depth + 1);
  }
  if (Array.isArray(value)) {
    const tuple = Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : Array.isArray(schema.items)
        ? schema.items
        : [];
    const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
    return value.map((item, i) => dropForcedNulls(item, i < tuple.length ? tuple[i] : rest, root, depth + 1));
  }
  if (!isNode(value)) return value;
  const branches = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((b) => (Array.isArray(b) ? b : []));
  const objectBranch = branches.find((b) => isNode(b) && (b.type === 'object' || isNode(b.properties)));
  if (!isNode(schema.properties) && objectBranch) return dropForcedNulls(value, objectBranch, root, depth + 1);
  const properties = isNode(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const itemSchema = key in properties ? properties[key] : schema.additionalProperties;
    if (item === null && key in properties && !required.has(key) && !allowsNull(itemSchema, root)) continue;
    out[key] = dropForcedNulls(item, itemSchema, root, depth + 1);
  }
  return out;
}

/** Draft-07 tuples (`items: [..]` + `additionalItems`) as 2020-12 `prefixItems` + `items`, at any depth. */
function toDraft2020(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toDraft2020);
  if (!isNode(value)) return value;
  const out: Node = {};
  for (const [key, item] of Object.entries(value)) out[key] = toDraft2020(item);
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    if (out.additionalItems === undefined) delete out.items;
    else out.items = out.additionalItems;
    delete out.additionalItems;
  }
  return out;
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!isNode(value)) return [];
  const own = typeof value.$ref === 'string' ? [value.$ref] : [];
  return [...own, ...Object.values(value).flatMap(refsIn)];
}

/** Throws McpSchemaError with a readable reason when the schema can't be used. */
export function prepareToolSchema(inputSchema: unknown): PreparedSchema {
  if (!isNode(inputSchema)) throw new McpSchemaError('its input schema is not an object');
  if (inputSchema.type !== 'object') throw new McpSchemaError('its input schema is not of type "object"');
  const { $schema: _ignored, ...given } = inputSchema;
  const root = toDraft2020(given) as Node;
  let validate: ValidateFunction;
  try {
    for (const ref of refsIn(root)) defName(ref);
    validate = ajv.compile(root);
  } catch (error) {
    if (error instanceof McpSchemaError) throw error;
    throw new McpSchemaError(`its input schema is invalid (${error instanceof Error ? error.message : String(error)})`);
  }
  const builder = new ModelSchemaBuilder(root);
  const top = builder.node(root);
  const modelSchema: JsonSchemaObject =
    Object.keys(builder.defs).length > 0 ? { ...top, $defs: builder.defs as JsonSchemaObject } : top;
  return {
    modelSchema,
    check(args) {
      const cleaned = dropForcedNulls(args ?? {}, root, root);
      if (!isNode(cleaned)) return { ok: false, issues: ['(arguments): must be an object'] };
      if (validate(cleaned)) return { ok: true, value: cleaned };
      const issues = (validate.errors ?? []).map(
        (e) => `${e.instancePath || '(arguments)'}: ${e.message ?? 'invalid'}`,
      );
      return { ok: false, issues: issues.length > 0 ? issues : ['(arguments): invalid'] };
    },
  };
}
