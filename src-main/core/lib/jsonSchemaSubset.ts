/**
 * JSON Schema as clients send it (Pydantic, zod, OpenAI/Anthropic tool definitions) → the subset the grammar
 * compiler enforces (node-llama-cpp's GbnfJsonSchema, patched for integer/number ranges). A keyword that would
 * constrain values but cannot be enforced is refused, naming it, so nothing is silently ignored.
 * The parts live in `schemaSubset/` (see its README).
 */
import { ANY, isObject } from './schemaSubset/keywords';
import { Normalizer } from './schemaSubset/normalizer';

export { UnsupportedSchemaError } from './schemaSubset/unsupportedSchemaError';

/** The enforceable form of `schema`; throws UnsupportedSchemaError naming the first keyword that can't be enforced. */
export function toGrammarSchema(schema: unknown): Record<string, unknown> {
  if (schema === true || schema === undefined) return ANY;
  if (!isObject(schema)) return new Normalizer({}).node(schema, '');
  return new Normalizer(schema).run(schema);
}
