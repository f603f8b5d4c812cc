import { describe, expect, it } from 'vitest';
import { McpSchemaError, prepareToolSchema } from './mcpSchema';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    age: { type: ['integer', 'null'] },
    options: {
      type: 'object',
      properties: { verbose: { type: 'boolean' }, depth: { type: 'integer', default: 2 } },
      required: ['verbose'],
    },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
    tree: { $ref: '#/definitions/node' },
  },
  required: ['nickname', 'age'],
  definitions: {
    node: {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } },
      required: ['name'],
    },
  },
};

describe('prepareToolSchema', () => {
  it('keeps nullable, map, tuple and recursive shapes for the model, and defaults as text', () => {
    const { modelSchema } = prepareToolSchema(schema);
    const props = modelSchema.properties as Record<string, Record<string, unknown>>;
    expect(props.nickname).toEqual({ oneOf: [{ type: 'string' }, { type: 'null' }] });
    expect(props.age).toEqual({ oneOf: [{ type: 'integer' }, { type: 'null' }] });
    expect(props.labels).toMatchObject({
      oneOf: [{ type: 'object', additionalProperties: { type: 'string' } }, { type: 'null' }],
    });
    expect(props.point).toMatchObject({
      oneOf: [{ type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], maxItems: 2 }, { type: 'null' }],
    });
    expect(props.tree).toEqual({ oneOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] });
    expect(modelSchema.$defs).toMatchObject({ node: { type: 'object', required: ['name', 'children'] } });
    const options = (props.options!.oneOf as Record<string, unknown>[])[0]!;
    const depth = (options.properties as Record<string, Record<string, unknown>>).depth!;
    expect(depth).toEqual({ description: 'Default: 2.', oneOf: [{ type: 'integer' }, { type: 'null' }] });
    expect(modelSchema.required).toEqual(['nickname', 'age', 'options', 'labels', 'point', 'tree']);
    expect(modelSchema.additionalProperties).toBe(false);
  });

  it('drops nulls the grammar forced into optional fields at any depth, and keeps nulls the server allows', () => {
    const prepared = prepareToolSchema(schema);
    const checked = prepared.check({
      nickname: null,
      age: null,
      options: { verbose: true, depth: null },
      labels: { a: 'b' },
      point: [1, 2],
      tree: { name: 'root', children: [{ name: 'leaf', children: null }] },
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        nickname: null,
        age: null,
        options: { verbose: true },
        labels: { a: 'b' },
        point: [1, 2],
        tree: { name: 'root', children: [{ name: 'leaf' }] },
      },
    });
  });

  it('reports what the server would refuse', () => {
    const prepared = prepareToolSchema(schema);
    const missing = prepared.check({ nickname: 'x' });
    expect(missing.ok).toBe(false);
    expect(JSON.stringify(missing)).toContain('age');
    const wrongMap = prepared.check({ nickname: 'x', age: 3, labels: { a: 1 } });
    expect(wrongMap.ok).toBe(false);
  });

  it('follows a recursive $ref to the root and spells out "any value"', () => {
    const { modelSchema } = prepareToolSchema({
      type: 'object',
      properties: { next: { $ref: '#' }, payload: {} },
      required: ['payload'],
    });
    expect(modelSchema.$defs).toHaveProperty('__root');
    const payload = (modelSchema.properties as Record<string, { oneOf: unknown[] }>).payload!;
    expect(payload.oneOf).toContainEqual({ type: 'object', additionalProperties: true });
  });

  it('refuses schemas it cannot use with a readable reason', () => {
    expect(() => prepareToolSchema({ type: 'array' })).toThrow(McpSchemaError);
    expect(() => prepareToolSchema({ type: 'object', properties: { a: { $ref: 'https://x/y' } } })).toThrow(
      /\$ref Outpost cannot follow/,
    );
    expect(() => prepareToolSchema({ type: 'object', properties: { a: { type: 'strin' } } })).toThrow(
      /input schema is invalid/,
    );
  });
});
