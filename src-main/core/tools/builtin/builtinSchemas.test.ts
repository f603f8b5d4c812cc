import type { Database } from 'better-sqlite3';
import { getLlama, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripNullArguments } from '../jsonSchema';
import { openTestDatabase } from '../testing/toolTestKit';
import type { ToolRegistry } from '../toolRegistry';
import { createBuiltinRegistry, createToolStores } from './index';

let llama: Llama;
let db: Database;
let registry: ToolRegistry;

beforeAll(async () => {
  llama = await getLlama({ gpu: false });
  db = openTestDatabase();
  registry = createBuiltinRegistry(createToolStores(db, Date.now));
});
afterAll(async () => {
  db.close();
  await llama.dispose();
});

const EXPECTED_TOOLS = [
  'current_datetime',
  'calculator',
  'notes_create',
  'notes_search',
  'tasks',
  'read_file',
  'list_directory',
  'remember',
  'recall',
  'lookup_order',
  'lookup_product',
  'create_ticket',
];

describe('built-in tool schemas', () => {
  it('registers every built-in with a snake_case name and a short description', () => {
    expect(registry.list().map((t) => t.name)).toEqual(EXPECTED_TOOLS);
    for (const tool of registry.list()) expect(tool.description.length).toBeLessThanOrEqual(160);
  });

  it.each(EXPECTED_TOOLS)('%s: node-llama-cpp compiles its JSON schema to a grammar', async (name) => {
    const tool = registry.get(name);
    expect(tool?.jsonSchema.type).toBe('object');
    // The cast is the point of the test: the grammar compiler is the judge of what it accepts.
    const grammar = await llama.createGrammarForJsonSchema(
      tool!.jsonSchema as Parameters<Llama['createGrammarForJsonSchema']>[0],
    );
    expect(grammar.grammar.length).toBeGreaterThan(0);
  });

  it('keeps only the GBNF subset: no pattern, $schema or numeric bounds', () => {
    const text = JSON.stringify(registry.list().map((t) => t.jsonSchema));
    expect(text).not.toMatch(/"(pattern|\$schema|minimum|maximum|exclusiveMinimum|patternProperties)"/);
    expect(registry.get('tasks')?.jsonSchema).toMatchObject({
      properties: {
        action: { enum: ['add', 'list', 'complete', 'delete'] },
        dueDate: { oneOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
      },
      required: ['action', 'title', 'dueDate', 'id', 'includeDone'],
      additionalProperties: false,
    });
  });

  it('gives the model definitions for enabled, non-denied tools only', () => {
    const defs = registry.definitionsFor(['calculator', 'read_file', 'no_such_tool', 'recall'], { recall: 'deny' });
    expect(Object.keys(defs)).toEqual(['calculator', 'read_file']);
    expect(defs.calculator).toEqual({
      description: registry.get('calculator')?.description,
      params: registry.get('calculator')?.jsonSchema,
    });
  });

  it('a call that fits the grammar (optional fields left out) also passes the zod schema', async () => {
    const tool = registry.get('tasks')!;
    const grammar = await llama.createGrammarForJsonSchema(
      tool.jsonSchema as Parameters<Llama['createGrammarForJsonSchema']>[0],
    );
    const call = grammar.parse(
      '{"action": "add", "title": "Pay rent", "dueDate": "2026-01-31", "id": null, "includeDone": null}',
    );
    expect(tool.inputSchema.safeParse(stripNullArguments(call)).success).toBe(true);
    expect(() => grammar.parse('{"action": "list"}')).toThrow(/Missing keys/);
    expect(() => grammar.parse('{"action": "explode"}')).toThrow();
  });
});
