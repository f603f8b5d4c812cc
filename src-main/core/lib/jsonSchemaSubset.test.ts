import { getLlama, type GbnfJsonSchema, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGrammarSchema, UnsupportedSchemaError } from './jsonSchemaSubset';

let llama: Llama;
beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', skipDownload: true });
});
afterAll(async () => llama.dispose());

/** Whether the grammar compiled from `schema` accepts `json` (the JSON-schema grammar ends in four newlines). */
async function accepts(schema: Record<string, unknown>, json: string): Promise<boolean> {
  const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(toGrammarSchema(schema) as GbnfJsonSchema);
  return (grammar as unknown as { _testText(text: string): boolean })._testText(`${json}\n\n\n\n`);
}

function refusal(schema: unknown): { keyword: string; path: string } {
  try {
    toGrammarSchema(schema);
  } catch (error) {
    if (error instanceof UnsupportedSchemaError) return { keyword: error.keyword, path: error.path };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('JSON Schema subset compiled into grammars', () => {
  it('writes integers as plain digits within minimum/maximum', async () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 3, maximum: 250 } } };
    expect(await accepts(schema, '{"n": 42}')).toBe(true);
    expect(await accepts(schema, '{"n": 250}')).toBe(true);
    expect(await accepts(schema, '{"n": 251}')).toBe(false);
    expect(await accepts(schema, '{"n": 2}')).toBe(false);
    expect(await accepts(schema, '{"n": 4e1}')).toBe(false);
    const plain = { type: 'object', properties: { n: { type: 'integer' } } };
    expect(await accepts(plain, '{"n": -7}')).toBe(true);
    expect(await accepts(plain, '{"n": 777777e-1777}')).toBe(false);
    const exclusive = { type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: 0 } } };
    expect(await accepts(exclusive, '{"n": 0}')).toBe(false);
    expect(await accepts(exclusive, '{"n": 1}')).toBe(true);
  });

  it('bounds numbers with whole-number limits', async () => {
    const schema = { type: 'object', properties: { p: { type: 'number', minimum: -1, maximum: 1 } } };
    expect(await accepts(schema, '{"p": 0.25}')).toBe(true);
    expect(await accepts(schema, '{"p": -1}')).toBe(true);
    expect(await accepts(schema, '{"p": 1.5}')).toBe(false);
    expect(await accepts(schema, '{"p": -2}')).toBe(false);
  });

  it('accepts what Pydantic and zod emit: anyOf with null, type arrays, nullable, $defs and definitions refs', async () => {
    const pydantic = {
      $defs: { Pet: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } }, required: ['name'] } },
      type: 'object',
      properties: {
        age: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null, title: 'Age' },
        pet: { $ref: '#/$defs/Pet' },
        tags: { type: ['array', 'null'], items: { type: 'string', enum: ['a', 'b'] }, maxItems: 2 },
        note: { type: 'string', nullable: true },
      },
      required: ['pet'],
    };
    expect(await accepts(pydantic, '{"age": null, "pet": {"name": "Rex"}, "tags": ["a"], "note": null}')).toBe(true);
    expect(await accepts(pydantic, '{"age": 4, "pet": {"name": "Rex"}, "tags": null, "note": "x"}')).toBe(true);
    expect(await accepts(pydantic, '{"age": 4, "pet": {"name": "Rexxxx"}, "tags": null, "note": "x"}')).toBe(false);
    expect(await accepts(pydantic, '{"age": 4, "pet": {"name": "R"}, "tags": ["a", "b", "a"], "note": "x"}')).toBe(
      false,
    );
    const zod = {
      type: 'object',
      properties: { when: { type: 'string', format: 'date' }, next: { $ref: '#/definitions/Node' } },
      definitions: {
        Node: { type: 'object', properties: { next: { anyOf: [{ $ref: '#/definitions/Node' }, { type: 'null' }] } } },
      },
    };
    expect(await accepts(zod, '{"when": "2026-12-05", "next": {"next": {"next": null}}}')).toBe(true);
    expect(await accepts(zod, '{"when": "tomorrow", "next": {"next": null}}')).toBe(false);
  });

  it('keeps free-form maps and tuples', async () => {
    const schema = {
      type: 'object',
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'integer' } },
        point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
      },
    };
    expect(await accepts(schema, '{"labels": {"x": 1, "y": 2}, "point": [1.5, 2]}')).toBe(true);
    expect(await accepts(schema, '{"labels": {"x": "no"}, "point": [1.5, 2]}')).toBe(false);
    expect(await accepts(schema, '{"labels": {}, "point": [1, 2, 3]}')).toBe(false);
  });

  it('refuses keywords that cannot be enforced, naming the keyword and where it is', () => {
    expect(refusal({ type: 'object', properties: { id: { type: 'string', pattern: '^a' } } })).toEqual({
      keyword: 'pattern',
      path: '/properties/id',
    });
    expect(refusal({ type: 'string', format: 'email' }).keyword).toBe('format');
    expect(refusal({ type: 'number', multipleOf: 2 }).keyword).toBe('multipleOf');
    expect(refusal({ type: 'number', exclusiveMinimum: 0 }).keyword).toBe('exclusiveMinimum');
    expect(refusal({ type: 'number', minimum: 0.5 }).keyword).toBe('minimum');
    expect(refusal({ type: 'array', uniqueItems: true }).keyword).toBe('uniqueItems');
    expect(refusal({ $ref: 'https://example.com/s.json' }).keyword).toBe('$ref');
    expect(refusal({ $ref: '#/$defs/Missing' }).keyword).toBe('$ref');
    expect(refusal({ type: 'integer', minimum: 5, maximum: 4 }).keyword).toBe('maximum');
    expect(refusal({ type: 'thing' }).keyword).toBe('type');
  });

  it('is idempotent, so schemas normalized by the API pass through again unchanged', () => {
    const once = toGrammarSchema({ anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] });
    expect(toGrammarSchema(once)).toEqual(once);
  });
});
