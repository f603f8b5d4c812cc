/** Walks a client schema node by node into the grammar subset: refs, const/enum, unions, allOf, then by type. */
import { mergeAllOf } from './allOf';
import { arraySchema, objectSchema } from './collections';
import { Definitions } from './definitions';
import {
  ANY,
  hasConstraints,
  inferType,
  isObject,
  isScalar,
  type Json,
  type Schema,
  TYPES,
  UNENFORCEABLE,
} from './keywords';
import { numberSchema, stringSchema } from './scalars';
import { UnsupportedSchemaError } from './unsupportedSchemaError';

const MAX_NODES = 5_000;

export class Normalizer {
  private nodes = 0;
  private readonly defs: Definitions;
  private readonly recurse = (schema: Json, path: string) => this.node(schema, path);

  constructor(root: Schema) {
    this.defs = new Definitions(root);
  }

  run(root: Schema): Schema {
    const out = this.node(root, '');
    // Definitions are normalized once each, after the root so recursion resolves by name.
    this.defs.drain(this.recurse);
    const defs = this.defs.normalized;
    return Object.keys(defs).length > 0 ? { ...out, $defs: defs } : out;
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

    if (schema.$ref !== undefined) return withNull({ ...this.defs.ref(schema.$ref, path), ...description });
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
    if (union !== undefined) return withNull(this.union(schema, union, path, description));
    if (schema.allOf !== undefined) {
      return withNull(
        this.node(
          mergeAllOf(schema, path, (ref, at) => this.defs.deref(ref, at)),
          path,
        ),
      );
    }

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

  private union(schema: Schema, union: unknown, path: string, description: Schema): Schema {
    const keyword = schema.anyOf !== undefined ? 'anyOf' : 'oneOf';
    if (!Array.isArray(union) || union.length === 0) {
      throw new UnsupportedSchemaError(keyword, path, `"${keyword}" must be a non-empty array`);
    }
    // Sibling constraints (e.g. {type: "object", anyOf: [...]}) apply to every branch.
    const { anyOf: _a, oneOf: _o, ...rest } = schema;
    const siblings = hasConstraints(rest) ? rest : null;
    const branches = union.map((branch: Json, i) =>
      this.node(siblings && isObject(branch) ? { ...siblings, ...branch } : branch, `${path}/${keyword}/${i}`),
    );
    return branches.length === 1 ? { ...branches[0], ...description } : { oneOf: branches, ...description };
  }

  private typed(type: string, s: Schema, path: string): Schema {
    switch (type) {
      case 'string':
        return stringSchema(s, path);
      case 'integer':
      case 'number':
        return numberSchema(type, s, path);
      case 'object':
        return objectSchema(s, path, this.recurse);
      case 'array':
        return arraySchema(s, path, this.recurse);
      default:
        return { type };
    }
  }
}
