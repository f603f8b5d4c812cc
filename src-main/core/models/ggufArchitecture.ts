/**
 * Architecture hyper-parameters: each must be a value llama.cpp can build a graph from (it asserts, divides
 * and indexes with them), and the declared tensors must have the shapes those values imply.
 */
import { formatCount, GgufValidationError } from './ggufErrors';
import { ARCHITECTURE_KEYS, checkKeyType } from './ggufKnownKeys';
import { GGUF_LIMITS } from './ggufLimits';
import type { GgufTensorInfo } from './ggufTensors';
import type { GgufMetadataValue, GgufValueType } from './ggufValues';

export interface MetadataEntries {
  readonly values: ReadonlyMap<string, GgufMetadataValue>;
  readonly types: ReadonlyMap<string, GgufValueType>;
  /** File offset of each entry's value type, for error offsets. */
  readonly offsets: ReadonlyMap<string, number>;
}

/** Bounds far above real models (Llama 3.1 405B: 126 blocks, 128 heads, 16,384 wide; 10M-token contexts). */
export const HYPER_PARAMETER_LIMITS = {
  block_count: 4_096,
  context_length: 16_777_216,
  embedding_length: 1_048_576,
  feed_forward_length: 4_194_304,
  head_count: 65_536,
  key_length: 65_536,
  /** llama.cpp's LLAMA_MAX_EXPERTS (asserted). */
  expert_count: 512,
} as const;

/** Architectures laid out like llama (separate q/k/v/output, gate/up/down): their block shapes are checked too. */
const LLAMA_LAYOUT = new Set(['llama', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gemma3', 'granite', 'mistral']);

type PerLayer = { kind: 'scalar'; value: number } | { kind: 'array'; values: number[] };

class Checker {
  constructor(
    private readonly entries: MetadataEntries,
    readonly arch: string,
  ) {}

  key(suffix: string): string {
    return `${this.arch}.${suffix}`;
  }

  fail(field: string, message: string): never {
    throw new GgufValidationError('inconsistent', this.entries.offsets.get(field) ?? 0, message, field);
  }

  has(suffix: string): boolean {
    return this.entries.values.has(this.key(suffix));
  }

  /** An unsigned integer in [min, max]; the message names the key and the exact value. */
  integer(suffix: string, min: number, max: number, why = ''): number | undefined {
    const field = this.key(suffix);
    const value = this.entries.values.get(field);
    if (value === undefined) return undefined;
    const number = value as number | bigint;
    if (number < min || number > max) {
      const range = number < min ? `must be at least ${formatCount(min)}` : `the limit is ${formatCount(max)}`;
      this.fail(field, `metadata '${field}' is ${formatCount(number)}; ${range}${why}`);
    }
    return Number(number);
  }

  perLayer(suffix: string, min: number, max: number): PerLayer | undefined {
    const field = this.key(suffix);
    const value = this.entries.values.get(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value.kind !== 'array') {
      return { kind: 'scalar', value: this.integer(suffix, min, max)! };
    }
    const items = (value.items ?? []) as readonly (number | bigint)[];
    const bad = items.findIndex((item) => item > max);
    if (bad >= 0)
      this.fail(
        field,
        `metadata '${field}' is ${formatCount(items[bad]!)} for layer ${bad}; the limit is ${formatCount(max)}`,
      );
    return { kind: 'array', values: items.map(Number) };
  }

  float(suffix: string): number | undefined {
    const field = this.key(suffix);
    const value = this.entries.values.get(field);
    if (value === undefined) return undefined;
    const number = value as number;
    if (!Number.isFinite(number) || number <= 0 || number >= 1) {
      this.fail(field, `metadata '${field}' is ${String(number)}; it must be a small positive number such as 1e-6`);
    }
    return number;
  }
}

const at = (layers: PerLayer, layer: number): number =>
  layers.kind === 'scalar' ? layers.value : (layers.values[layer] ?? 0);

/** Type checks for the `{arch}.*` keys, which can only be resolved once `general.architecture` is known. */
export function checkArchitectureKeyTypes(entries: MetadataEntries, arch: string): void {
  for (const [suffix, expected] of ARCHITECTURE_KEYS) {
    const key = `${arch}.${suffix}`;
    const value = entries.values.get(key);
    const type = entries.types.get(key);
    if (value !== undefined && type !== undefined)
      checkKeyType(key, expected, type, value, entries.offsets.get(key) ?? 0);
  }
}

export function checkArchitecture(
  entries: MetadataEntries,
  tensors: readonly GgufTensorInfo[],
  vocabSize: number | null,
): void {
  const arch = entries.values.get('general.architecture');
  if (typeof arch !== 'string' || arch.length === 0) return; // reported later as "not a language model"
  checkArchitectureKeyTypes(entries, arch);
  const c = new Checker(entries, arch);
  const L = HYPER_PARAMETER_LIMITS;

  const blocks = c.integer('block_count', 1, L.block_count);
  c.integer('context_length', 1, L.context_length);
  const embedding = c.integer('embedding_length', 1, L.embedding_length);
  const heads = c.perLayer('attention.head_count', 0, L.head_count);
  const kvHeads = c.perLayer('attention.head_count_kv', 0, L.head_count);
  const feedForward = c.perLayer('feed_forward_length', 0, L.feed_forward_length);
  const keyLength = c.integer('attention.key_length', 1, L.key_length);
  const valueLength = c.integer('attention.value_length', 1, L.key_length);
  c.float('attention.layer_norm_rms_epsilon');
  c.float('attention.layer_norm_epsilon');
  const freqBase = entries.values.get(c.key('rope.freq_base'));
  if (freqBase !== undefined && (!Number.isFinite(freqBase as number) || (freqBase as number) <= 0)) {
    c.fail(
      c.key('rope.freq_base'),
      `metadata '${c.key('rope.freq_base')}' is ${String(freqBase)}; it must be a positive number`,
    );
  }
  checkExperts(c);

  const layerCount = blocks ?? 0;
  checkHeads(c, heads, kvHeads, layerCount);
  if (heads?.kind === 'array' && blocks !== undefined && heads.values.length !== blocks) {
    c.fail(
      c.key('attention.head_count'),
      `metadata '${c.key('attention.head_count')}' lists ${formatCount(heads.values.length)} layers but '${c.key('block_count')}' is ${formatCount(blocks)}`,
    );
  }
  const headDim = keyLength ?? headDimension(c, embedding, heads);
  const rope = c.integer('rope.dimension_count', 1, L.key_length);
  if (rope !== undefined && headDim !== undefined && (rope > headDim || rope % 2 !== 0)) {
    c.fail(
      c.key('rope.dimension_count'),
      `metadata '${c.key('rope.dimension_count')}' is ${formatCount(rope)}; it must be even and at most the head size ${formatCount(headDim)}`,
    );
  }
  const declaredVocab = c.integer('vocab_size', 1, GGUF_LIMITS.maxArrayLength);
  if (declaredVocab !== undefined && vocabSize !== null && declaredVocab !== vocabSize) {
    c.fail(
      c.key('vocab_size'),
      `metadata '${c.key('vocab_size')}' is ${formatCount(declaredVocab)} but the vocabulary has ${formatCount(vocabSize)} tokens`,
    );
  }

  const shapes = new ShapeChecker(c, tensors);
  shapes.checkBlockCount(blocks);
  shapes.expect('token_embd.weight', [LLAMA_LAYOUT.has(arch) ? embedding : undefined, vocabSize ?? undefined]);
  if (feedForward !== undefined && shapes.has('blk.0.ffn_up.weight') && at(feedForward, 0) === 0) {
    c.fail(
      c.key('feed_forward_length'),
      `metadata '${c.key('feed_forward_length')}' is 0 but the model has feed-forward weights`,
    );
  }
  if (!LLAMA_LAYOUT.has(arch) || embedding === undefined || blocks === undefined) return;
  shapes.expect('output.weight', [embedding, vocabSize ?? undefined]);
  shapes.expect('output_norm.weight', [embedding]);
  const valueDim = valueLength ?? headDim;
  for (let layer = 0; layer < blocks; layer++) {
    const h = heads === undefined ? undefined : at(heads, layer);
    const kv = kvHeads === undefined ? h : at(kvHeads, layer);
    const ff = feedForward === undefined ? undefined : at(feedForward, layer);
    const qDim = h !== undefined && headDim !== undefined ? h * headDim : undefined;
    const kDim = kv !== undefined && headDim !== undefined ? kv * headDim : undefined;
    const vDim = kv !== undefined && valueDim !== undefined ? kv * valueDim : undefined;
    const oDim = h !== undefined && valueDim !== undefined ? h * valueDim : undefined;
    const blk = `blk.${layer}`;
    shapes.expect(`${blk}.attn_norm.weight`, [embedding]);
    shapes.expect(`${blk}.attn_q.weight`, [embedding, qDim]);
    shapes.expect(`${blk}.attn_k.weight`, [embedding, kDim]);
    shapes.expect(`${blk}.attn_v.weight`, [embedding, vDim]);
    shapes.expect(`${blk}.attn_output.weight`, [oDim, embedding]);
    shapes.expect(`${blk}.ffn_gate.weight`, [embedding, ff]);
    shapes.expect(`${blk}.ffn_up.weight`, [embedding, ff]);
    shapes.expect(`${blk}.ffn_down.weight`, [ff, embedding]);
  }
}

function checkExperts(c: Checker): void {
  const experts = c.integer('expert_count', 0, HYPER_PARAMETER_LIMITS.expert_count);
  const used = c.integer('expert_used_count', 0, HYPER_PARAMETER_LIMITS.expert_count);
  if (used !== undefined && used > (experts ?? 0)) {
    c.fail(
      c.key('expert_used_count'),
      `metadata '${c.key('expert_used_count')}' is ${formatCount(used)} but the model has ${formatCount(experts ?? 0)} experts`,
    );
  }
  if (experts !== undefined && experts > 0 && used === 0) {
    c.fail(
      c.key('expert_used_count'),
      `metadata '${c.key('expert_used_count')}' is 0 but the model has ${formatCount(experts)} experts`,
    );
  }
}

function checkHeads(c: Checker, heads: PerLayer | undefined, kvHeads: PerLayer | undefined, layers: number): void {
  const headKey = c.key('attention.head_count');
  const kvKey = c.key('attention.head_count_kv');
  if (heads?.kind === 'scalar' && heads.value === 0)
    c.fail(headKey, `metadata '${headKey}' is 0; a model needs at least one attention head`);
  if (kvHeads?.kind === 'scalar' && kvHeads.value === 0 && heads !== undefined) {
    c.fail(kvKey, `metadata '${kvKey}' is 0; a model needs at least one key/value head`);
  }
  if (heads === undefined || kvHeads === undefined) return;
  const count = heads.kind === 'scalar' && kvHeads.kind === 'scalar' ? 1 : Math.max(layers, 1);
  for (let layer = 0; layer < count; layer++) {
    const h = at(heads, layer);
    const kv = at(kvHeads, layer);
    const where = count === 1 ? '' : ` in layer ${layer}`;
    if (kv > h)
      c.fail(
        kvKey,
        `metadata '${kvKey}' is ${formatCount(kv)}${where}, more than the ${formatCount(h)} attention heads`,
      );
    if (kv > 0 && h % kv !== 0) {
      c.fail(
        kvKey,
        `metadata '${kvKey}' is ${formatCount(kv)}${where}, which does not divide the ${formatCount(h)} attention heads`,
      );
    }
    if (kv === 0 && h > 0 && heads.kind === 'scalar') c.fail(kvKey, `metadata '${kvKey}' is 0${where}`);
  }
}

function headDimension(c: Checker, embedding: number | undefined, heads: PerLayer | undefined): number | undefined {
  if (embedding === undefined || heads?.kind !== 'scalar' || heads.value === 0) return undefined;
  if (embedding % heads.value !== 0) {
    const key = c.key('attention.head_count');
    c.fail(
      key,
      `metadata '${key}' is ${formatCount(heads.value)}, which does not divide '${c.key('embedding_length')}' (${formatCount(embedding)})`,
    );
  }
  return embedding / heads.value;
}

class ShapeChecker {
  private readonly byName: Map<string, GgufTensorInfo>;

  constructor(
    private readonly c: Checker,
    private readonly tensors: readonly GgufTensorInfo[],
  ) {
    this.byName = new Map(tensors.map((t) => [t.name, t]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Layers with tensors must be exactly 0..block_count-1: llama.cpp indexes them by the declared count. */
  checkBlockCount(blocks: number | undefined): void {
    const layers = new Set<number>();
    for (const { name } of this.tensors) {
      const match = /^blk\.(\d+)\./.exec(name);
      if (match) layers.add(Number(match[1]));
    }
    if (layers.size === 0) return;
    const key = this.c.key('block_count');
    if (blocks === undefined)
      this.c.fail(key, `metadata '${key}' is missing but the file has ${formatCount(layers.size)} layers of weights`);
    const beyond = [...layers].find((layer) => layer >= blocks);
    if (beyond !== undefined || layers.size !== blocks) {
      this.c.fail(
        key,
        `metadata '${key}' is ${formatCount(blocks)} but the file has weights for ${formatCount(layers.size)} layers`,
      );
    }
  }

  /** Declared dimensions (GGUF order) the tensor must have; undefined entries are not checked. */
  expect(name: string, dims: readonly (number | undefined)[]): void {
    const tensor = this.byName.get(name);
    if (!tensor) return;
    const mismatch = dims.some((dim, i) => dim !== undefined && (tensor.dims[i] ?? 1) !== dim);
    if (!mismatch) return;
    const expected = dims.map((d) => (d === undefined ? '?' : formatCount(d))).join(' × ');
    throw new GgufValidationError(
      'inconsistent',
      0,
      `tensor '${name}' is ${tensor.dims.map((d) => formatCount(d)).join(' × ')} but the header's dimensions imply ${expected}`,
      name,
    );
  }
}
