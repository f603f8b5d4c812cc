/**
 * CLI: generate a deterministic test GGUF model.
 *   tsx scripts/make-test-model.ts --shape 0.5b --type Q8_0 --seed 1 --out /tmp/model.gguf
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LLAMA_SHAPES, type LlamaShapeName } from './test-model/llama-shapes';
import {
  DEFAULT_TEST_MODEL_DIR,
  makeTestModel,
  type MakeTestModelOptions,
  type TestModelWeightType,
  writeTestModel,
} from './test-model/make-test-model';
import { TEST_VOCABULARIES } from './test-model/tokenizer';

const WEIGHT_TYPES: readonly TestModelWeightType[] = ['F32', 'F16', 'Q8_0', 'Q4_0'];

const HELP = `Usage: tsx scripts/make-test-model.ts [options]

Generates a llama-architecture GGUF with random weights, a BPE tokenizer and a ChatML template.
The same options always produce a byte-identical file.

Options:
  --shape <name>          ${Object.keys(LLAMA_SHAPES).join(' | ')} (default: tiny)
  --type <type>           ${WEIGHT_TYPES.join(' | ')} (default: Q8_0)
  --seed <n>              uint32 PRNG seed (default: 1)
  --context-length <n>    llama.context_length metadata (default: 4096)
  --vocabulary <name>     ${TEST_VOCABULARIES.join(' | ')}: tiny byte-level BPE or a real 100k one (default: tiny)
  --vocab-pad-to <n>      pad the vocabulary with dummy tokens, e.g. 151936 (default: no padding)
  --name <text>           general.name (default: outpost-test)
  --out <file>            write exactly this file (always regenerated)
  --dir <dir>             cache directory when --out is not given (default: ${DEFAULT_TEST_MODEL_DIR})
  -h, --help              show this help
`;

function parseInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseChoice<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new Error(`${flag} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shape: { type: 'string' },
      type: { type: 'string' },
      seed: { type: 'string' },
      'context-length': { type: 'string' },
      'vocab-pad-to': { type: 'string' },
      vocabulary: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const options: MakeTestModelOptions = {
    shape: parseChoice('--shape', values.shape, Object.keys(LLAMA_SHAPES) as LlamaShapeName[]),
    type: parseChoice('--type', values.type, WEIGHT_TYPES),
    seed: parseInteger('--seed', values.seed),
    contextLength: parseInteger('--context-length', values['context-length']),
    vocabPadTo: parseInteger('--vocab-pad-to', values['vocab-pad-to']),
    vocabulary: parseChoice('--vocabulary', values.vocabulary, TEST_VOCABULARIES),
    name: values.name,
    dir: values.dir,
  };

  const startedAt = performance.now();
  let modelPath: string;
  if (values.out) {
    modelPath = path.resolve(values.out);
    await writeTestModel(modelPath, options);
  } else {
    modelPath = await makeTestModel(options);
  }
  const { size } = await stat(modelPath);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(`${modelPath}\n${size} bytes (${(size / 1024 ** 2).toFixed(1)} MiB) in ${seconds}s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`make-test-model: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
