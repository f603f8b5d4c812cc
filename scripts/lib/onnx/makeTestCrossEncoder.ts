/**
 * Deterministic tiny cross-encoder (reranker) in ONNX: the signature of ms-marco / bge-reranker exports
 * (input_ids, attention_mask, token_type_ids → logits [batch, 1]) with a WordPiece tokenizer.json beside it.
 * A pair's score is the sum of the given word weights over the passage's tokens (token type 1), so tests know
 * every score in advance: `crossEncoderScore` computes the same number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeOnnxModel, ONNX_FLOAT, ONNX_INT64 } from './onnxProto';
import { buildVocab, tokenizerConfigJson, tokenizerJson } from './wordpieceTokenizer';

export interface MakeTestCrossEncoderOptions {
  dir: string;
  /** Lower-case whole words and their score when they occur in the passage; every other token scores 0. */
  weights: Readonly<Record<string, number>>;
  /** Extra vocabulary that scores 0. */
  words?: readonly string[];
  maxLength?: number;
}

export interface TestCrossEncoder {
  dir: string;
  modelPath: string;
  tokenizerPath: string;
}

export function makeTestCrossEncoder(options: MakeTestCrossEncoderOptions): TestCrossEncoder {
  const maxLength = options.maxLength ?? 128;
  const vocab = buildVocab([...Object.keys(options.weights), ...(options.words ?? [])]);
  const table = new Float32Array(vocab.tokens.length);
  for (const [word, weight] of Object.entries(options.weights)) table[vocab.ids.get(word.toLowerCase())!] = weight;
  const ids = ['batch', 'sequence'];
  const bytes = encodeOnnxModel({
    name: 'outpost-test-cross-encoder',
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({
      name,
      elemType: ONNX_INT64,
      shape: ids,
    })),
    outputs: [{ name: 'logits', elemType: ONNX_FLOAT, shape: ['batch', 1] }],
    initializers: [
      { name: 'word_scores', dims: [vocab.tokens.length, 1], data: table },
      { name: 'last_axis', dims: [1], data: BigInt64Array.from([-1n]) },
      { name: 'sequence_axis', dims: [1], data: BigInt64Array.from([1n]) },
    ],
    nodes: [
      { op: 'Gather', inputs: ['word_scores', 'input_ids'], outputs: ['scores'] },
      { op: 'Cast', inputs: ['token_type_ids'], outputs: ['types_f'], attributes: { to: ONNX_FLOAT } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attributes: { to: ONNX_FLOAT } },
      { op: 'Mul', inputs: ['types_f', 'mask_f'], outputs: ['passage'] },
      { op: 'Unsqueeze', inputs: ['passage', 'last_axis'], outputs: ['passage3'] },
      { op: 'Mul', inputs: ['scores', 'passage3'], outputs: ['kept'] },
      { op: 'ReduceSum', inputs: ['kept', 'sequence_axis'], outputs: ['logits'], attributes: { keepdims: 0 } },
    ],
    opset: 17,
    producer: 'outpost make-test-cross-encoder',
  });
  mkdirSync(options.dir, { recursive: true });
  const model: TestCrossEncoder = {
    dir: options.dir,
    modelPath: path.join(options.dir, 'model.onnx'),
    tokenizerPath: path.join(options.dir, 'tokenizer.json'),
  };
  writeFileSync(model.modelPath, bytes);
  writeFileSync(model.tokenizerPath, JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(path.join(options.dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(maxLength)));
  writeFileSync(
    path.join(options.dir, 'config.json'),
    JSON.stringify({
      architectures: ['BertForSequenceClassification'],
      num_labels: 1,
      max_position_embeddings: maxLength,
    }),
  );
  return model;
}

/** The score the generated model gives a passage: its weighted whole words (lower-cased, split on non-letters). */
export function crossEncoderScore(weights: Readonly<Record<string, number>>, passage: string): number {
  return (passage.toLowerCase().match(/[a-z0-9]+/g) ?? []).reduce((sum, word) => sum + (weights[word] ?? 0), 0);
}
