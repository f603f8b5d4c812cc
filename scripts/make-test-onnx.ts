/**
 * CLI: generate the tiny sentence-embedding ONNX model (+ WordPiece tokenizer.json) used by memory tests.
 *   tsx scripts/make-test-onnx.ts --dir <data-dir>/embeddings/test-minilm [--dim 384] [--seed 1]
 * Put it under <data-dir>/embeddings/<name>/ and Outpost offers it as an embedding model.
 */
import { parseArgs } from 'node:util';
import { makeTestOnnx, type TestOnnxSignature } from './lib/onnx/makeTestOnnx';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    dim: { type: 'string', default: '32' },
    seed: { type: 'string', default: '1' },
    signature: { type: 'string', default: 'sentence' },
  },
});
if (!values.dir) {
  console.error('usage: tsx scripts/make-test-onnx.ts --dir <folder> [--dim 32] [--seed 1] [--signature sentence]');
  process.exit(2);
}
const model = makeTestOnnx({
  dir: values.dir,
  dim: Number(values.dim),
  seed: Number(values.seed),
  signature: values.signature as TestOnnxSignature,
  synonyms: [
    ['dog', 'puppy', 'hound'],
    ['car', 'vehicle', 'automobile'],
    ['coffee', 'espresso', 'latte'],
  ],
});
console.warn(`wrote ${model.modelPath} (${model.dim} dims, ${model.vocabSize} tokens) and ${model.tokenizerPath}`);
