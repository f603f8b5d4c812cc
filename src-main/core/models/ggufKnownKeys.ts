/**
 * Value types of the keys Outpost or llama.cpp read. llama.cpp reads some with asserting accessors and
 * node-llama-cpp's JS trusts them, so a wrong type must stop here, naming the key and the expected type.
 */
import { formatCount, GgufValidationError } from './ggufErrors';
import type { GgufMetadataValue, GgufValueType } from './ggufValues';

/** One exact GGUF type, or a family of them. */
export type ExpectedType =
  | { readonly type: GgufValueType; readonly itemType?: GgufValueType }
  | { readonly family: 'unsigned integer' | 'unsigned integer or per-layer array' | 'float' };

const INTEGER_TYPES: ReadonlySet<GgufValueType> = new Set([
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'uint64',
  'int64',
]);
const FLOAT_TYPES: ReadonlySet<GgufValueType> = new Set(['float32', 'float64']);

const uint: ExpectedType = { family: 'unsigned integer' };
const perLayer: ExpectedType = { family: 'unsigned integer or per-layer array' };
const float: ExpectedType = { family: 'float' };
const string: ExpectedType = { type: 'string' };

const EXACT_KEYS: ReadonlyMap<string, ExpectedType> = new Map<string, ExpectedType>([
  ['general.alignment', { type: 'uint32' }],
  ['general.architecture', string],
  ['general.name', string],
  ['general.file_type', uint],
  ['tokenizer.ggml.model', string],
  ['tokenizer.ggml.pre', string],
  ['tokenizer.chat_template', string],
  ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string' }],
  ['tokenizer.ggml.merges', { type: 'array', itemType: 'string' }],
  ['tokenizer.ggml.scores', { type: 'array', itemType: 'float32' }],
  ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32' }],
  ['tokenizer.ggml.bos_token_id', uint],
  ['tokenizer.ggml.eos_token_id', uint],
  ['tokenizer.ggml.eot_token_id', uint],
  ['tokenizer.ggml.unknown_token_id', uint],
  ['tokenizer.ggml.padding_token_id', uint],
  ['tokenizer.ggml.seperator_token_id', uint],
  ['tokenizer.ggml.add_bos_token', { type: 'bool' }],
  ['tokenizer.ggml.add_eos_token', { type: 'bool' }],
]);

/** `{arch}.<suffix>` keys: the architecture hyper-parameters. */
export const ARCHITECTURE_KEYS: ReadonlyMap<string, ExpectedType> = new Map<string, ExpectedType>([
  ['context_length', uint],
  ['embedding_length', uint],
  ['block_count', uint],
  ['feed_forward_length', perLayer],
  ['attention.head_count', perLayer],
  ['attention.head_count_kv', perLayer],
  ['attention.key_length', uint],
  ['attention.value_length', uint],
  ['attention.layer_norm_rms_epsilon', float],
  ['attention.layer_norm_epsilon', float],
  ['rope.dimension_count', uint],
  ['rope.freq_base', float],
  ['vocab_size', uint],
  ['expert_count', uint],
  ['expert_used_count', uint],
]);

/** Every key the validator knows, for an architecture (the fault corpus walks this list). */
export function knownKeys(architecture: string): Map<string, ExpectedType> {
  const keys = new Map(EXACT_KEYS);
  for (const [suffix, expected] of ARCHITECTURE_KEYS) keys.set(`${architecture}.${suffix}`, expected);
  return keys;
}

/** Arrays whose items the semantic checks read; everything else is only walked. */
export function keepsItems(key: string): boolean {
  return (
    key === 'tokenizer.ggml.tokens' ||
    /\.(feed_forward_length|attention\.head_count|attention\.head_count_kv)$/.test(key)
  );
}

const withArticle = (words: string): string => `${/^(uns|[aeio])/.test(words) ? 'an' : 'a'} ${words}`;

export function describeExpected(expected: ExpectedType): string {
  if ('family' in expected) return withArticle(expected.family);
  return withArticle(expected.type === 'array' ? `array of ${expected.itemType ?? 'values'}` : expected.type);
}

function describeActual(value: GgufMetadataValue, type: GgufValueType): string {
  if (typeof value === 'object' && value.kind === 'array') return withArticle(`array of ${value.itemType}`);
  if ((typeof value === 'number' || typeof value === 'bigint') && INTEGER_TYPES.has(type) && value < 0) {
    return `a negative ${type} (${formatCount(value)})`;
  }
  return withArticle(type);
}

const isUnsigned = (type: GgufValueType, value: GgufMetadataValue): boolean =>
  INTEGER_TYPES.has(type) && (typeof value === 'number' || typeof value === 'bigint') && value >= 0;

function matches(expected: ExpectedType, type: GgufValueType, value: GgufMetadataValue): boolean {
  const itemType = typeof value === 'object' && value.kind === 'array' ? value.itemType : undefined;
  if (!('family' in expected)) return type === expected.type && itemType === expected.itemType;
  if (expected.family === 'float') return FLOAT_TYPES.has(type);
  if (isUnsigned(type, value)) return true;
  if (expected.family !== 'unsigned integer or per-layer array' || itemType === undefined) return false;
  const items = typeof value === 'object' && value.kind === 'array' ? (value.items ?? []) : [];
  return INTEGER_TYPES.has(itemType) && items.every((item) => isUnsigned(itemType, item));
}

/** Checks one entry against what the validator expects of its key (unknown keys pass). */
export function checkKeyType(
  key: string,
  expected: ExpectedType | undefined,
  type: GgufValueType,
  value: GgufMetadataValue,
  offset: number,
): void {
  if (expected === undefined) return;
  if (!matches(expected, type, value)) {
    throw new GgufValidationError(
      'wrong_type',
      offset,
      `metadata '${key}' should be ${describeExpected(expected)} but is ${describeActual(value, type)}`,
      key,
    );
  }
  if (key === 'general.alignment') {
    const alignment = value as number;
    if (alignment === 0 || (alignment & (alignment - 1)) !== 0) {
      throw new GgufValidationError(
        'malformed',
        offset,
        `metadata 'general.alignment' is ${formatCount(alignment)}, which is not a power of two`,
        key,
      );
    }
  }
}

/** Keys with a fixed name are checked as they are read (general.alignment is needed before the tensors). */
export function checkKnownKey(key: string, type: GgufValueType, value: GgufMetadataValue, offset: number): void {
  checkKeyType(key, EXACT_KEYS.get(key), type, value, offset);
}

/** Per-token arrays must have one entry per token: llama.cpp reads them by token index. */
export function checkVocabularyLengths(metadata: ReadonlyMap<string, GgufMetadataValue>, offset: number): void {
  const tokens = metadata.get('tokenizer.ggml.tokens');
  if (typeof tokens !== 'object' || tokens.kind !== 'array') return;
  for (const key of ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) {
    const perToken = metadata.get(key);
    if (typeof perToken === 'object' && perToken.kind === 'array' && perToken.length !== tokens.length) {
      throw new GgufValidationError(
        'inconsistent',
        offset,
        `metadata '${key}' has ${formatCount(perToken.length)} entries but the vocabulary has ${formatCount(tokens.length)} tokens`,
        key,
      );
    }
  }
}
