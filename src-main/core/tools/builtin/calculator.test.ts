import { describe, expect, it } from 'vitest';
import { toolContext } from '../testing/toolTestKit';
import { ToolError } from '../toolTypes';
import { calculatorTool, evaluateExpression, MAX_EXPRESSION_CHARS } from './calculator';

async function failure(expression: string): Promise<ToolError> {
  try {
    await evaluateExpression(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return error as ToolError;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('calculator', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['12.5% * 3400', 425],
    ['sqrt(16) + 2^10', 1028],
    ['a = 2; a * 3', 6],
    ['det([1, 2; 3, 4])', -2],
    ['1 / 0', 'Infinity'],
    ['5 km to m', '5000 m'],
    ['sqrt(-4)', '2i'],
    ['3 > 2', true],
  ])('evaluates %s', async (expression, expected) => {
    const out = await calculatorTool.run({ expression }, toolContext());
    expect(out.result).toEqual(expected);
  });

  it.each([
    'import({ x: 1 }, { override: true })',
    'evaluate("1 + 1")',
    'parse("1 + 1")',
    'simplify("2x + x")',
    'derivative("x^2", "x")',
    'createUnit("foo")',
    'compile("1+1")',
    'resolve(parse("x"), {x: 1})',
    'range(1, 1e9)',
    '1:1e9',
    'zeros(1e5, 1e5)',
  ])('refuses %s', async (expression) => {
    const error = await failure(expression);
    expect(error.code).toBe('math_error');
    expect(error.message).toMatch(/disabled/);
  });

  it('cannot reach JavaScript internals', async () => {
    expect((await failure('f = cos; f.constructor("return process")()')).code).toBe('math_error');
    expect((await failure('[].constructor')).code).toBe('math_error');
  });

  it('refuses huge expressions', async () => {
    const huge = '1+'.repeat(MAX_EXPRESSION_CHARS) + '1';
    expect((await failure(huge)).code).toBe('bad_input');
    expect(calculatorTool.inputSchema.safeParse({ expression: huge }).success).toBe(false);
  });

  it('gives typed errors for bad input', async () => {
    expect((await failure('1 +')).code).toBe('math_error');
    expect((await failure('undefinedThing * 2')).message).toMatch(/Undefined symbol/);
    expect((await failure('0 / 0')).message).toMatch(/NaN/);
    expect((await failure('f(x) = x^2')).message).toMatch(/function/);
  });

  it('keeps no state between calls', async () => {
    await evaluateExpression('leak = 42');
    expect((await failure('leak')).message).toMatch(/Undefined symbol/);
  });
});
