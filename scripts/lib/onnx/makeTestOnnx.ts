/**
 * Deterministic tiny sentence-embedding model in ONNX: the signature of MiniLM/BGE exports
 * (input_ids, attention_mask[, token_type_ids] → last_hidden_state [batch, sequence, dim]) with a WordPiece
 * tokenizer.json beside it. Word vectors are random, except that words in one synonym group share a base
 * vector: mean-pooled sentences then have known semantics ("puppy" ≈ "dog") that tests can rely on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom } from '../../test-model/seeded-random';
import { encodeOnnxModel, type GraphNode, type Initializer, ONNX_FLOAT, ONNX_INT64, type ValueInfo } from './onnxProto';
import { buildVocab, SPECIAL_TOKENS, tokenizerConfigJson, tokenizerJson } from './wordpieceTokenizer';

export type TestOnnxSignature = 'sentence' | 'sentence-no-token-types' | 'pooled-only';

export interface MakeTestOnnxOptions {
  /** Folder to write into (created). */
  dir: string;
  /** File name prefix, like the catalog's "all-minilm-l6-v2". Default "test-embedder". */
  name?: string;
  dim?: number;
  seed?: number;
  /** Extra vocabulary beyond the built-in word list. */
  words?: readonly string[];
  /** Groups of words that mean the same thing: their vectors nearly coincide. */
  synonyms?: readonly (readonly string[])[];
  /** 'pooled-only' writes a model with the wrong outputs, to test signature errors. */
  signature?: TestOnnxSignature;
  maxLength?: number;
}

export interface TestOnnxModel {
  dir: string;
  modelPath: string;
  tokenizerPath: string;
  configPath: string;
  dim: number;
  vocabSize: number;
}

export const STOP_WORDS = [
  'the', 'a', 'an', 'is', 'are', 'was', 'of', 'to', 'in', 'on', 'and', 'or', 'for', 'with', 'at', 'by',
  'it', 'this', 'that', 'be', 'has', 'have', 'my', 'your', 'their', 'his', 'her', 'i', 'you', 'we', 'they',
  'user', 'users', 'what', 'which', 'who', 'does', 'do', 'likes', 'like', 'called', 'named', 'name',
]; // prettier-ignore

const BASE_WORDS = [
  'dog', 'cat', 'car', 'house', 'coffee', 'tea', 'music', 'book', 'city', 'country', 'birthday', 'meeting',
  'project', 'deadline', 'language', 'food', 'allergy', 'peanut', 'garden', 'bike', 'train', 'work', 'home',
  'sister', 'brother', 'mother', 'father', 'friend', 'password', 'email', 'phone', 'morning', 'evening',
  'metric', 'units', 'prefers', 'favourite', 'lives', 'born', 'vegetarian', 'python', 'rust', 'typescript',
]; // prettier-ignore

const WEAK_SCALE = 0.15;
const PIECE_SCALE = 0.3;
const SYNONYM_NOISE = 0.12;

function unitVector(random: SeededRandom, dim: number, scale = 1): Float32Array {
  const v = new Float32Array(dim);
  random.fillUniform(v, 1);
  let norm = 0;
  for (const x of v) norm += x * x;
  const k = scale / Math.sqrt(norm || 1);
  for (let i = 0; i < dim; i++) v[i]! *= k;
  return v;
}

function embeddingTable(
  tokens: readonly string[],
  options: Required<Pick<MakeTestOnnxOptions, 'dim' | 'seed'>> & {
    synonyms: readonly (readonly string[])[];
  },
): Float32Array {
  const { dim, seed } = options;
  const random = SeededRandom.forLabel(seed, 'word_embeddings');
  const groupOf = new Map<string, Float32Array>();
  for (const group of options.synonyms) {
    const base = unitVector(random, dim);
    for (const word of group) groupOf.set(word.toLowerCase(), base);
  }
  const stop = new Set(STOP_WORDS);
  const table = new Float32Array(tokens.length * dim);
  tokens.forEach((token, id) => {
    if ((SPECIAL_TOKENS as readonly string[]).includes(token) && token !== '[UNK]') return; // zero rows
    const base = groupOf.get(token);
    let row: Float32Array;
    if (base) {
      const noise = unitVector(random, dim, SYNONYM_NOISE);
      row = base.map((x, i) => x + noise[i]!);
    } else if (stop.has(token)) row = unitVector(random, dim, WEAK_SCALE);
    else if (token.length <= 3 && (token.startsWith('##') || token.length === 1))
      row = unitVector(random, dim, PIECE_SCALE);
    else row = unitVector(random, dim);
    table.set(row, id * dim);
  });
  return table;
}

function projection(dim: number, seed: number): Float32Array {
  const noise = new Float32Array(dim * dim);
  SeededRandom.forLabel(seed, 'projection').fillUniform(noise, 0.05);
  for (let i = 0; i < dim; i++) noise[i * dim + i]! += 1;
  return noise;
}

export function makeTestOnnx(options: MakeTestOnnxOptions): TestOnnxModel {
  const dim = options.dim ?? 32;
  const seed = options.seed ?? 1;
  const name = options.name ?? 'test-embedder';
  const signature = options.signature ?? 'sentence';
  const maxLength = options.maxLength ?? 128;
  const synonyms = options.synonyms ?? [];
  const vocab = buildVocab([...STOP_WORDS, ...BASE_WORDS, ...(options.words ?? []), ...synonyms.flat()]);
  const ids: Dim2 = ['batch', 'sequence'];
  const withTypes = signature !== 'sentence-no-token-types';

  const inputs: ValueInfo[] = [
    { name: 'input_ids', elemType: ONNX_INT64, shape: ids },
    { name: 'attention_mask', elemType: ONNX_INT64, shape: ids },
    ...(withTypes ? [{ name: 'token_type_ids', elemType: ONNX_INT64, shape: ids }] : []),
  ];
  const typeRows = new Float32Array(2 * dim);
  SeededRandom.forLabel(seed, 'token_type_embeddings').fillUniform(typeRows, 0.02);
  const initializers: Initializer[] = [
    {
      name: 'word_embeddings',
      dims: [vocab.tokens.length, dim],
      data: embeddingTable(vocab.tokens, { dim, seed, synonyms }),
    },
    ...(withTypes ? [{ name: 'token_type_embeddings', dims: [2, dim], data: typeRows }] : []),
    { name: 'projection', dims: [dim, dim], data: projection(dim, seed) },
    { name: 'unsqueeze_axes', dims: [1], data: BigInt64Array.from([-1n]) },
  ];
  const nodes: GraphNode[] = [
    { op: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'] },
    ...(withTypes
      ? [
          { op: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'] },
          { op: 'Add', inputs: ['words', 'types'], outputs: ['summed'] },
        ]
      : [{ op: 'Identity', inputs: ['words'], outputs: ['summed'] }]),
    { op: 'MatMul', inputs: ['summed', 'projection'], outputs: ['projected'] },
    { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attributes: { to: ONNX_FLOAT } },
    { op: 'Unsqueeze', inputs: ['mask_f', 'unsqueeze_axes'], outputs: ['mask3'] },
    { op: 'Mul', inputs: ['projected', 'mask3'], outputs: ['hidden'] },
  ];
  const outputs: ValueInfo[] = [];
  if (signature === 'pooled-only') {
    nodes.push({
      op: 'ReduceMean',
      inputs: ['hidden'],
      outputs: ['sentence_embedding'],
      attributes: { axes: [1], keepdims: 0 },
    });
    outputs.push({ name: 'sentence_embedding', elemType: ONNX_FLOAT, shape: ['batch', dim] });
  } else {
    nodes.push({ op: 'Identity', inputs: ['hidden'], outputs: ['last_hidden_state'] });
    outputs.push({ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch', 'sequence', dim] });
  }
  const bytes = encodeOnnxModel({
    name: 'outpost-test-embedder',
    inputs,
    outputs,
    initializers,
    nodes,
    opset: 17,
    producer: 'outpost make-test-onnx',
  });

  mkdirSync(options.dir, { recursive: true });
  const file = (suffix: string) => path.join(options.dir, `${name}.${suffix}`);
  const model: TestOnnxModel = {
    dir: options.dir,
    modelPath: file('model.onnx'),
    tokenizerPath: file('tokenizer.json'),
    configPath: file('config.json'),
    dim,
    vocabSize: vocab.tokens.length,
  };
  writeFileSync(model.modelPath, bytes);
  writeFileSync(model.tokenizerPath, JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(file('tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(maxLength)));
  writeFileSync(
    model.configPath,
    JSON.stringify({ model_type: 'bert', hidden_size: dim, max_position_embeddings: maxLength }),
  );
  return model;
}

type Dim2 = [string, string];
