import { describe, expect, it } from 'vitest';
import { checkFormValues } from '../tools/formValues';
import { ElicitationSchemaError, formFromRequest } from './mcpElicitation';

/** The shapes the reference server (server-everything) sends in one form. */
const everythingLike = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Full name', description: 'Your <b>legal</b> name', maxLength: 20 },
    check: { type: 'boolean', default: true },
    email: { type: 'string', format: 'email' },
    integer: { type: 'integer', minimum: 1, maximum: 100, default: 42 },
    number: { type: 'number', minimum: 0, maximum: 1000 },
    untitledSingle: { type: 'string', enum: ['a', 'b'] },
    titledSingle: { type: 'string', oneOf: [{ const: 'hero-1', title: 'Superman' }], default: 'hero-1' },
    legacy: { type: 'string', enum: ['pet-1', 'pet-2'], enumNames: ['Cats', 'Dogs'] },
    multi: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', enum: ['x', 'y', 'z'] } },
    titledMulti: { type: 'array', items: { anyOf: [{ const: 'fish-1', title: 'Tuna' }] }, default: ['fish-1'] },
  },
  required: ['name', 'multi'],
};

describe('elicitation forms', () => {
  it("turns a server's flat schema into card fields, cleaned", () => {
    const form = formFromRequest('Please fill in <this>', everythingLike);
    expect(form.message).toBe('Please fill in  this');
    const byName = Object.fromEntries(form.fields.map((f) => [f.name, f]));
    expect(byName.name).toMatchObject({ kind: 'string', title: 'Full name', required: true, maxLength: 20 });
    expect(byName.name?.description).not.toContain('<');
    expect(byName.check).toMatchObject({ kind: 'boolean', title: 'check', default: true });
    expect(byName.email).toMatchObject({ kind: 'string', format: 'email' });
    expect(byName.integer).toMatchObject({ kind: 'integer', min: 1, max: 100, default: 42 });
    expect(byName.number).toMatchObject({ kind: 'number', min: 0, max: 1000 });
    expect(byName.untitledSingle?.options).toEqual([
      { value: 'a', label: 'a' },
      { value: 'b', label: 'b' },
    ]);
    expect(byName.titledSingle).toMatchObject({ kind: 'enum', options: [{ value: 'hero-1', label: 'Superman' }] });
    expect(byName.legacy?.options.map((o) => o.label)).toEqual(['Cats', 'Dogs']);
    expect(byName.multi).toMatchObject({ kind: 'multi', required: true, min: 1, max: 2 });
    expect(byName.titledMulti).toMatchObject({ kind: 'multi', default: ['fish-1'], options: [{ label: 'Tuna' }] });
  });

  it('refuses fields a card cannot draw, naming them', () => {
    const nested = { type: 'object', properties: { address: { type: 'object', properties: {} } } };
    expect(() => formFromRequest('x', nested)).toThrow(ElicitationSchemaError);
    expect(() => formFromRequest('x', nested)).toThrow(/"address" is of type object/);
    expect(() => formFromRequest('x', { type: 'object' })).toThrow(/properties/);
  });

  it("checks the user's values: required, numbers, ranges, choices; unknown names dropped", () => {
    const form = formFromRequest('x', everythingLike);
    expect(checkFormValues(form, { multi: ['x'] })).toEqual({ ok: false, message: 'Full name is required' });
    expect(checkFormValues(form, { name: 'A', multi: [] })).toMatchObject({ message: 'multi: choose at least 1' });
    expect(checkFormValues(form, { name: 'A', multi: ['q'] })).toMatchObject({ ok: false });
    expect(checkFormValues(form, { name: 'A', multi: ['x'], integer: '1.5' })).toMatchObject({
      message: 'integer must be a whole number',
    });
    expect(checkFormValues(form, { name: 'A', multi: ['x'], untitledSingle: 'c' })).toMatchObject({ ok: false });
    expect(checkFormValues(form, { name: 'A'.repeat(21), multi: ['x'] })).toMatchObject({ ok: false });
    expect(
      checkFormValues(form, { name: 'A', multi: ['x', 'y'], integer: '7', check: false, email: '', other: 1 }),
    ).toEqual({ ok: true, values: { name: 'A', multi: ['x', 'y'], integer: 7, check: false } });
  });
});
