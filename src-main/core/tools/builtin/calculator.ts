import type { FactoryFunctionMap, MathJsInstance } from 'mathjs';
import { z } from 'zod';
import { toModelJsonSchema } from '../jsonSchema';
import { defineTool, ToolError } from '../toolTypes';

export const MAX_EXPRESSION_CHARS = 500;

// Per mathjs' security guide: functions that change the instance or parse/evaluate nested input are
// disabled, and so are ones that build arbitrarily large matrices from a small expression (evaluation is sync).
const DISABLED_FUNCTIONS = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'rationalize',
  'derivative',
  'resolve',
  'reviver',
  'replacer',
  'chain',
  'config',
  'parser',
  'range',
  'zeros',
  'ones',
  'identity',
  'resize',
  'reshape',
  'matrixFromFunction',
  'random',
  'randomInt',
  'pickRandom',
  'bellNumbers',
  'stirlingS2',
  'composition',
] as const;

interface RestrictedMath {
  evaluate: MathJsInstance['evaluate'];
  format: MathJsInstance['format'];
}

async function createRestrictedMath(): Promise<RestrictedMath> {
  const { all, create } = await import('mathjs');
  // mathjs types `all` as possibly undefined; it is always defined in the package.
  const math = create(all as FactoryFunctionMap, { number: 'number', precision: 64 });
  const evaluate = math.evaluate.bind(math);
  const disabled = Object.fromEntries(
    DISABLED_FUNCTIONS.map((name) => [
      name,
      () => {
        throw new Error(`function ${name} is disabled`);
      },
    ]),
  );
  math.import(disabled, { override: true });
  return { evaluate, format: math.format.bind(math) };
}

// Loaded on first use: mathjs is ~1,100 modules, which idle start-up memory should not carry.
let restricted: Promise<RestrictedMath> | undefined;
const loadMath = (): Promise<RestrictedMath> => (restricted ??= createRestrictedMath());

const Input = z.object({
  expression: z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_CHARS)
    .describe('Math expression, e.g. "12.5% * 3400", "sqrt(2) * pi", "5 km to mile", "det([1,2;3,4])".'),
});

export interface CalculatorOutput {
  expression: string;
  /** A finite number, or a formatted string for units, complex numbers and matrices. */
  result: number | string | boolean;
}

type Formattable = Parameters<MathJsInstance['format']>[0];

function toOutput(math: RestrictedMath, value: unknown): number | string | boolean {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new ToolError('math_error', 'The result is not a number (NaN).');
    return Number.isFinite(value) ? value : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'function') throw new ToolError('math_error', 'The expression defines a function, not a value.');
  if (value === undefined || value === null) throw new ToolError('math_error', 'The expression has no value.');
  return math.format(value as Formattable, { precision: 14 });
}

/** The ResultSet of "a = 2; a * 3" holds every value; the last is the answer. */
function lastValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'entries' in value && Array.isArray(value.entries)) {
    return value.entries.at(-1);
  }
  return value;
}

export async function evaluateExpression(expression: string): Promise<number | string | boolean> {
  if (expression.length > MAX_EXPRESSION_CHARS) {
    throw new ToolError('bad_input', `The expression is longer than ${MAX_EXPRESSION_CHARS} characters.`);
  }
  const math = await loadMath();
  let value: unknown;
  try {
    value = math.evaluate(expression, new Map<string, unknown>());
  } catch (error) {
    throw new ToolError('math_error', `Could not evaluate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return toOutput(math, lastValue(value));
}

export const calculatorTool = defineTool<z.infer<typeof Input>, CalculatorOutput>({
  name: 'calculator',
  title: 'Calculator',
  description:
    'Evaluate a math expression exactly (arithmetic, functions, units, matrices). Use it instead of doing math yourself.',
  inputSchema: Input,
  jsonSchema: toModelJsonSchema(Input),
  defaultPermission: 'allow',
  sideEffects: 'none',
  // The first call also loads mathjs (about a second on a busy machine); evaluation itself is bounded above.
  timeoutMs: 10_000,
  async run(input) {
    return { expression: input.expression, result: await evaluateExpression(input.expression) };
  },
});
