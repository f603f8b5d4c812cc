import { all, create, type FactoryFunctionMap, type MathJsInstance } from 'mathjs';
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

// mathjs types `all` as possibly undefined; it is always defined in the package.
const allFactories = all as FactoryFunctionMap;

function createRestrictedMath(): { evaluate: MathJsInstance['evaluate']; format: MathJsInstance['format'] } {
  const math = create(allFactories, { number: 'number', precision: 64 });
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

const restricted = createRestrictedMath();

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

function toOutput(value: unknown): number | string | boolean {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new ToolError('math_error', 'The result is not a number (NaN).');
    return Number.isFinite(value) ? value : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'function') throw new ToolError('math_error', 'The expression defines a function, not a value.');
  if (value === undefined || value === null) throw new ToolError('math_error', 'The expression has no value.');
  return restricted.format(value as Formattable, { precision: 14 });
}

/** The ResultSet of "a = 2; a * 3" holds every value; the last is the answer. */
function lastValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'entries' in value && Array.isArray(value.entries)) {
    return value.entries.at(-1);
  }
  return value;
}

export function evaluateExpression(expression: string): number | string | boolean {
  if (expression.length > MAX_EXPRESSION_CHARS) {
    throw new ToolError('bad_input', `The expression is longer than ${MAX_EXPRESSION_CHARS} characters.`);
  }
  let value: unknown;
  try {
    value = restricted.evaluate(expression, new Map<string, unknown>());
  } catch (error) {
    throw new ToolError('math_error', `Could not evaluate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return toOutput(lastValue(value));
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
  timeoutMs: 2_000,
  async run(input) {
    return { expression: input.expression, result: evaluateExpression(input.expression) };
  },
});
