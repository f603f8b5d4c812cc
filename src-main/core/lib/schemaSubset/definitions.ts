/**
 * `$defs`/`definitions` and `$ref`: every definition is renamed into one `$defs` (those from `definitions` get a
 * `definitions.` prefix), `#` becomes a definition of the root itself, and refs elsewhere are refused by name.
 */
import { isObject, type Json, type Schema } from './keywords';
import { UnsupportedSchemaError } from './unsupportedSchemaError';

const LOCAL_REF = /^#\/(\$defs|definitions)\/([^/]+)$/;
const ROOT = '__root';

const defName = (key: '$defs' | 'definitions', name: string) => (key === '$defs' ? name : `definitions.${name}`);

export class Definitions {
  /** Normalized definitions, filled as `drain` normalizes the pending ones. */
  readonly normalized: Record<string, Schema> = {};
  private readonly pending = new Map<string, { schema: Json; path: string }>();
  private readonly known = new Set<string>();

  constructor(private readonly root: Schema) {
    for (const key of ['$defs', 'definitions'] as const) {
      const defs = root[key];
      if (defs === undefined) continue;
      if (!isObject(defs)) throw new UnsupportedSchemaError(key, '', `"${key}" must be an object`);
      for (const [name, def] of Object.entries(defs)) {
        this.pending.set(defName(key, name), { schema: def, path: `/${key}/${name}` });
        this.known.add(defName(key, name));
      }
    }
  }

  /** The `$ref` as it reads in the output schema. */
  ref(ref: unknown, path: string): Schema {
    if (ref === '#') {
      if (!this.normalized[ROOT] && !this.pending.has(ROOT)) this.pending.set(ROOT, { schema: this.root, path });
      return { $ref: `#/$defs/${ROOT}` };
    }
    const match = typeof ref === 'string' ? LOCAL_REF.exec(ref) : null;
    if (!match) {
      throw new UnsupportedSchemaError(
        '$ref',
        path,
        `"$ref": ${JSON.stringify(ref)} is not supported (only "#", "#/$defs/<name>" and "#/definitions/<name>")`,
      );
    }
    const name = defName(match[1] as '$defs' | 'definitions', decodeURIComponent(match[2] ?? ''));
    if (!this.known.has(name)) {
      throw new UnsupportedSchemaError('$ref', path, `"$ref": "${String(ref)}" points to no definition`);
    }
    return { $ref: `#/$defs/${name}` };
  }

  /** The raw definition a `$ref` points to (for merging into `allOf`). */
  deref(ref: string, path: string): Json {
    const match = LOCAL_REF.exec(ref);
    const defs = match ? this.root[match[1] as string] : undefined;
    const found = match && isObject(defs) ? defs[decodeURIComponent(match[2] ?? '')] : undefined;
    if (found === undefined) throw new UnsupportedSchemaError('$ref', path, `"$ref": "${ref}" points to no definition`);
    return found;
  }

  /** Normalizes each pending definition once; new ones found on the way are normalized too. */
  drain(node: (schema: Json, path: string) => Schema): void {
    for (const [name, { schema, path }] of this.pending) {
      this.pending.delete(name);
      this.normalized[name] = node(schema, path);
    }
  }
}
