/**
 * A random-weight BERT encoder in ONNX with the real shape of a catalog embedding model (layers, hidden size,
 * heads, FFN, vocabulary, positions): the compute a user's embedding worker does, for benches. Same signature and
 * WordPiece tokenizer.json as `makeTestOnnx`; the vectors mean nothing, so tests that need semantics use that one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom } from '../../test-model/seeded-random';
import { encodeOnnxModel, type GraphNode, type Initializer, ONNX_FLOAT, ONNX_INT64, type ValueInfo } from './onnxProto';
import { buildVocab, tokenizerConfigJson, tokenizerJson } from './wordpieceTokenizer';

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  vocab: number;
  maxPositions: number;
}

/** sentence-transformers/all-MiniLM-L6-v2 (its config.json): the catalog's default embedding model. */
export const MINILM_L6_SHAPE: BertShape = {
  layers: 6,
  hidden: 384,
  heads: 12,
  ffn: 1536,
  vocab: 30522,
  maxPositions: 512,
};

export interface MakeBertOnnxOptions {
  dir: string;
  shape?: BertShape;
  /** Whole words in the tokenizer's vocabulary (the rest is padded to the shape's vocabulary size). */
  words?: readonly string[];
  seed?: number;
  /** The tokenizer_config's model_max_length (all-MiniLM-L6-v2: 256). */
  maxLength?: number;
  name?: string;
}

export interface BertOnnxModel {
  modelPath: string;
  tokenizerPath: string;
  parameters: number;
}

export function makeBertOnnx(options: MakeBertOnnxOptions): BertOnnxModel {
  const shape = options.shape ?? MINILM_L6_SHAPE;
  const seed = options.seed ?? 1;
  const name = options.name ?? 'bert-shaped';
  const { hidden, heads, ffn } = shape;
  const vocab = buildVocab(options.words ?? []);
  // Real BERT vocabularies hold [unusedN] rows too; they pad the table to the real size.
  for (let i = 0; vocab.tokens.length < shape.vocab; i++) {
    vocab.ids.set(`[unused${i}]`, vocab.tokens.length);
    vocab.tokens.push(`[unused${i}]`);
  }
  const initializers: Initializer[] = [];
  let parameters = 0;
  const weight = (label: string, dims: number[], amplitude = 0.05) => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    SeededRandom.forLabel(seed, label).fillUniform(data, amplitude);
    initializers.push({ name: label, dims, data });
    parameters += data.length;
    return label;
  };
  const filled = (label: string, dims: number[], value: number) => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value);
    initializers.push({ name: label, dims, data });
    parameters += data.length;
    return label;
  };
  const constant = (label: string, values: number[] | bigint[], dims: number[] = [values.length]) => {
    const data = typeof values[0] === 'bigint' ? BigInt64Array.from(values as bigint[]) : Float32Array.from(values as number[]); // prettier-ignore
    initializers.push({ name: label, dims, data });
    return label;
  };
  constant('zero_i', [0n], []);
  constant('one_i', [1n], []);
  constant('one_f', [1], []);
  constant('half_f', [0.5], []);
  constant('inv_sqrt2', [Math.SQRT1_2], []);
  constant('mask_bias', [-10000], []);
  constant('score_scale', [1 / Math.sqrt(hidden / heads)], []);
  constant('to_heads', [0n, 0n, BigInt(heads), BigInt(hidden / heads)]);
  constant('from_heads', [0n, 0n, BigInt(hidden)]);
  constant('mask_axes', [1n, 2n]);

  const nodes: GraphNode[] = [];
  const node = (op: string, inputs: string[], output: string, attributes?: GraphNode['attributes']) => {
    nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  };
  const layerNorm = (input: string, label: string) =>
    node(
      'LayerNormalization',
      [input, filled(`${label}.gamma`, [hidden], 1), filled(`${label}.beta`, [hidden], 0)],
      `${label}.out`,
      { axis: -1 },
    );
  const dense = (input: string, label: string, inSize: number, outSize: number) =>
    node(
      'Add',
      [node('MatMul', [input, weight(`${label}.weight`, [inSize, outSize])], `${label}.mm`), weight(`${label}.bias`, [outSize], 0.01)], // prettier-ignore
      `${label}.out`,
    );

  // Embeddings: words + positions (0 … sequence − 1) + token types, then LayerNorm.
  const words = node('Gather', [weight('embeddings.word', [shape.vocab, hidden]), 'input_ids'], 'words');
  const seqLen = node('Gather', [node('Shape', ['input_ids'], 'ids_shape'), 'one_i'], 'seq_len');
  const positionIds = node('Range', ['zero_i', seqLen, 'one_i'], 'position_ids');
  const positions = node('Gather', [weight('embeddings.position', [shape.maxPositions, hidden]), positionIds], 'positions'); // prettier-ignore
  const types = node('Gather', [weight('embeddings.type', [2, hidden]), 'token_type_ids'], 'types');
  const summed = node('Add', [node('Add', [words, positions], 'words_positions'), types], 'embedded');
  let x = layerNorm(summed, 'embeddings.norm');
  // Additive attention mask [batch, 1, 1, sequence]: 0 where attended, −10000 on padding.
  const maskF = node('Cast', ['attention_mask'], 'mask_f', { to: ONNX_FLOAT });
  const padding = node('Mul', [node('Sub', ['one_f', maskF], 'mask_inv'), 'mask_bias'], 'mask_additive');
  const maskBias = node('Unsqueeze', [padding, 'mask_axes'], 'mask_4d');

  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const split = (input: string, perm: number[], label: string) =>
      node('Transpose', [node('Reshape', [input, 'to_heads'], `${label}.heads`)], `${label}.t`, { perm });
    const q = split(dense(x, `${p}.query`, hidden, hidden), [0, 2, 1, 3], `${p}.q`);
    const k = split(dense(x, `${p}.key`, hidden, hidden), [0, 2, 3, 1], `${p}.k`);
    const v = split(dense(x, `${p}.value`, hidden, hidden), [0, 2, 1, 3], `${p}.v`);
    const scores = node('Mul', [node('MatMul', [q, k], `${p}.qk`), 'score_scale'], `${p}.scaled`);
    const probs = node('Softmax', [node('Add', [scores, maskBias], `${p}.masked`)], `${p}.probs`, { axis: -1 });
    const context = node('Transpose', [node('MatMul', [probs, v], `${p}.ctx`)], `${p}.ctx_t`, { perm: [0, 2, 1, 3] });
    const merged = node('Reshape', [context, 'from_heads'], `${p}.merged`);
    const attended = layerNorm(node('Add', [dense(merged, `${p}.attn_out`, hidden, hidden), x], `${p}.res1`), `${p}.norm1`); // prettier-ignore
    // GELU (erf form, as BERT): 0.5 · h · (1 + erf(h / √2)).
    const h = dense(attended, `${p}.ffn_in`, hidden, ffn);
    const erf = node('Erf', [node('Mul', [h, 'inv_sqrt2'], `${p}.h_scaled`)], `${p}.erf`);
    const gelu = node('Mul', [node('Mul', [h, node('Add', [erf, 'one_f'], `${p}.erf1`)], `${p}.h_erf`), 'half_f'], `${p}.gelu`); // prettier-ignore
    x = layerNorm(node('Add', [dense(gelu, `${p}.ffn_out`, ffn, hidden), attended], `${p}.res2`), `${p}.norm2`);
  }
  node('Identity', [x], 'last_hidden_state');

  const ids: ValueInfo['shape'] = ['batch', 'sequence'];
  const bytes = encodeOnnxModel({
    name: 'outpost-bert-shaped',
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((input) => ({ name: input, elemType: ONNX_INT64, shape: ids })), // prettier-ignore
    outputs: [{ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch', 'sequence', hidden] }],
    initializers,
    nodes,
    opset: 17,
    producer: 'outpost make-bert-onnx',
  });
  mkdirSync(options.dir, { recursive: true });
  const file = (suffix: string) => path.join(options.dir, `${name}.${suffix}`);
  writeFileSync(file('model.onnx'), bytes);
  writeFileSync(file('tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(file('tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(options.maxLength ?? 256)));
  return { modelPath: file('model.onnx'), tokenizerPath: file('tokenizer.json'), parameters };
}
