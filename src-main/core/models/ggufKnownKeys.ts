/**
 * Type checks for the few keys llama.cpp reads with asserting accessors (a wrong type aborts the
 * process instead of failing the load), plus vocabulary arrays it indexes without bounds checks.
 */
import { formatCount, GgufValidationError } from './ggufErrors';
import type { GgufMetadataValue, GgufValueType } from './ggufValues';

interface Expected {
  readonly type: GgufValueType;
  readonly itemType?: GgufValueType;
}

const EXPECTED_TYPES: ReadonlyMap<string, Expected> = new Map([
  ['general.alignment', { type: 'uint32' }],
  ['general.architecture', { type: 'string' }],
  ['tokenizer.ggml.model', { type: 'string' }],
  ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string' }],
  ['tokenizer.ggml.merges', { type: 'array', itemType: 'string' }],
  ['tokenizer.ggml.scores', { type: 'array', itemType: 'float32' }],
  ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32' }],
]);

const describeType = ({ type, itemType }: Expected): string =>
  type === 'array' ? `an array of ${itemType ?? 'values'}` : `a ${type}`;

export function checkKnownKey(key: string, type: GgufValueType, value: GgufMetadataValue, offset: number): void {
  const expected = EXPECTED_TYPES.get(key);
  if (expected === undefined) return;
  const itemType = typeof value === 'object' && value.kind === 'array' ? value.itemType : undefined;
  if (type !== expected.type || itemType !== expected.itemType) {
    throw new GgufValidationError(
      'malformed',
      offset,
      `metadata '${key}' should be ${describeType(expected)} but is ${describeType({ type, itemType })}`,
    );
  }
  if (key === 'general.alignment') {
    const alignment = value as number;
    if (alignment === 0 || (alignment & (alignment - 1)) !== 0) {
      throw new GgufValidationError(
        'malformed',
        offset,
        `metadata 'general.alignment' is ${formatCount(alignment)}, which is not a power of two`,
      );
    }
  }
}

/** Per-token arrays must have one entry per token: llama.cpp reads them by token index. */
export function checkVocabularyLengths(metadata: ReadonlyMap<string, GgufMetadataValue>, offset: number): void {
  const tokens = metadata.get('tokenizer.ggml.tokens');
  if (typeof tokens !== 'object' || tokens.kind !== 'array') return;
  for (const key of ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) {
    const perToken = metadata.get(key);
    if (typeof perToken === 'object' && perToken.kind === 'array' && perToken.length !== tokens.length) {
      throw new GgufValidationError(
        'malformed',
        offset,
        `metadata '${key}' has ${formatCount(perToken.length)} entries but the vocabulary has ${formatCount(tokens.length)} tokens`,
      );
    }
  }
}
