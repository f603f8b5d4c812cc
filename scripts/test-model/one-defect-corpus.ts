/**
 * Full-length test models that are valid except for one header value: every key the validator knows, each
 * stored with every other value type, plus semantically wrong values (0, huge, non-dividing, NaN, duplicate
 * tokens, a tokenizer of the wrong kind). Used by the validator's unit tests and the fault suite.
 */
import { knownKeys } from '../../src-main/core/models/ggufKnownKeys';
import { gguf, type GgufFileSpec, type GgufValue } from './gguf-writer';
import { buildTestModelSpec, type MakeTestModelOptions } from './make-test-model';

export interface OneDefectCase {
  /** Unique, file-name safe. */
  readonly name: string;
  /** The key (or 'tensor:<name>') that was changed. */
  readonly field: string;
  readonly description: string;
  readonly spec: GgufFileSpec;
  /** Registration must refuse it (every case today; kept so a tolerated variant can be added honestly). */
  readonly mustRefuse: boolean;
}

const ARCH = 'llama';

/** One value of every GGUF type, with the value chosen to look plausible where it could be. */
const VALUES_OF_EVERY_TYPE: ReadonlyArray<readonly [string, GgufValue]> = [
  ['uint8', gguf.uint8(2)],
  ['int8', gguf.int8(-2)],
  ['uint16', gguf.uint16(2)],
  ['int16', gguf.int16(-2)],
  ['uint32', gguf.uint32(2)],
  ['int32', gguf.int32(-2)],
  ['uint64', gguf.uint64(2n)],
  ['int64', gguf.int64(-2n)],
  ['float32', gguf.float32(2.5)],
  ['float64', gguf.float64(2.5)],
  ['bool', gguf.bool(true)],
  ['string', gguf.string('2')],
  ['string-array', gguf.stringArray(['2', '2'])],
  ['int32-array', gguf.int32Array([2, 2])],
  ['float32-array', gguf.float32Array([2, 2])],
];

/** The exact GGUF types a key accepts (a family accepts several). */
function acceptedTypes(key: string): ReadonlySet<string> {
  const expected = knownKeys(ARCH).get(key);
  if (!expected) return new Set();
  if ('family' in expected) {
    if (expected.family === 'float') return new Set(['float32', 'float64']);
    const unsigned = ['uint8', 'uint16', 'uint32', 'uint64'];
    return new Set(expected.family === 'unsigned integer' ? unsigned : [...unsigned, 'int32-array']);
  }
  if (expected.type === 'array') return new Set([`${expected.itemType}-array`]);
  return new Set([expected.type]);
}

function withEntry(spec: GgufFileSpec, key: string, value: GgufValue | null): GgufFileSpec {
  const metadata = spec.metadata.filter(([existing]) => existing !== key);
  const index = spec.metadata.findIndex(([existing]) => existing === key);
  if (value !== null) metadata.splice(index < 0 ? metadata.length : index, 0, [key, value]);
  return { ...spec, metadata };
}

const slug = (text: string): string => text.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Semantically wrong values per key (each case's value has the right type). */
function semanticCases(base: GgufFileSpec): Array<Omit<OneDefectCase, 'spec'> & { value: GgufValue | null }> {
  const tokens = (
    base.metadata.find(([key]) => key === 'tokenizer.ggml.tokens')![1].value as readonly string[]
  ).slice();
  const a = (key: string) => `${ARCH}.${key}`;
  const refuse = (field: string, value: GgufValue | null, description: string) => ({
    name: `semantic-${slug(field)}-${slug(description)}`,
    field,
    description,
    value,
    mustRefuse: true,
  });
  const duplicated = tokens.slice();
  duplicated[duplicated.length - 1] = duplicated[0]!;
  const spmVocab = tokens.map((token, id) =>
    id < 256 ? `<0x${id.toString(16).toUpperCase().padStart(2, '0')}>` : token,
  );
  return [
    refuse(a('block_count'), gguf.uint32(0), 'zero'),
    refuse(a('block_count'), gguf.uint32(1), 'fewer than the weights'),
    refuse(a('block_count'), gguf.uint32(1000), 'far more than the weights'),
    refuse(a('block_count'), gguf.uint32(0xffffffff), 'uint32 max'),
    refuse(a('attention.head_count'), gguf.uint32(0), 'zero'),
    refuse(a('attention.head_count'), gguf.uint32(3), 'not dividing the embedding'),
    refuse(a('attention.head_count'), gguf.uint32(8), 'shapes disagree'),
    refuse(a('attention.head_count'), gguf.uint32(1_000_000), 'huge'),
    refuse(a('attention.head_count_kv'), gguf.uint32(0), 'zero'),
    refuse(a('attention.head_count_kv'), gguf.uint32(3), 'not dividing heads 3'),
    refuse(a('attention.head_count_kv'), gguf.uint32(5), 'not dividing heads 5'),
    refuse(a('attention.head_count_kv'), gguf.uint32(1), 'shapes disagree'),
    refuse(a('attention.head_count_kv'), gguf.uint32(0xffffffff), 'huge'),
    refuse(a('attention.head_count_kv'), gguf.int32Array([2]), 'per-layer array too short'),
    refuse(a('feed_forward_length'), gguf.uint32(0), 'zero'),
    refuse(a('feed_forward_length'), gguf.uint32(256), 'shapes disagree'),
    refuse(a('feed_forward_length'), gguf.uint32(0xffffffff), 'huge'),
    refuse(a('embedding_length'), gguf.uint32(0), 'zero'),
    refuse(a('embedding_length'), gguf.uint32(128), 'shapes disagree'),
    refuse(a('embedding_length'), gguf.uint32(0xffffffff), 'huge'),
    refuse(a('context_length'), gguf.uint32(0), 'zero'),
    refuse(a('context_length'), gguf.uint32(0xffffffff), 'huge'),
    refuse(a('context_length'), gguf.uint64(2n ** 64n - 1n), 'uint64 max'),
    refuse(a('attention.layer_norm_rms_epsilon'), gguf.float32(Number.NaN), 'NaN'),
    refuse(a('attention.layer_norm_rms_epsilon'), gguf.float32(Number.POSITIVE_INFINITY), 'infinite'),
    refuse(a('attention.layer_norm_rms_epsilon'), gguf.float32(0), 'zero'),
    refuse(a('attention.layer_norm_rms_epsilon'), gguf.float32(-1e-6), 'negative'),
    refuse(a('rope.dimension_count'), gguf.uint32(0), 'zero'),
    refuse(a('rope.dimension_count'), gguf.uint32(1024), 'wider than a head'),
    refuse(a('rope.dimension_count'), gguf.uint32(7), 'odd'),
    refuse(a('vocab_size'), gguf.uint32(7), 'disagrees with the vocabulary'),
    refuse(a('expert_count'), gguf.uint32(100_000), 'huge'),
    refuse(a('expert_used_count'), gguf.uint32(4), 'without experts'),
    refuse(a('attention.key_length'), gguf.uint32(0), 'zero'),
    refuse(a('attention.key_length'), gguf.uint32(64), 'shapes disagree'),
    refuse(a('attention.value_length'), gguf.uint32(64), 'shapes disagree'),
    refuse('tokenizer.ggml.tokens', gguf.stringArray(duplicated), 'duplicate token'),
    refuse('tokenizer.ggml.tokens', gguf.stringArray(tokens.slice(0, -1)), 'one token short'),
    refuse('tokenizer.ggml.tokens', gguf.stringArray(spmVocab), 'SentencePiece vocabulary under gpt2'),
    refuse('tokenizer.ggml.model', gguf.string('llama'), 'SentencePiece over a BPE vocabulary'),
    refuse('tokenizer.ggml.model', gguf.string('wordpiece-ish'), 'unknown tokenizer'),
    refuse('tokenizer.ggml.merges', null, 'missing'),
    refuse('tokenizer.ggml.token_type', gguf.int32Array([1, 1]), 'shorter than the vocabulary'),
    refuse('general.architecture', gguf.string(''), 'empty'),
  ];
}

/** Every case for one base model (the tiny test shape by default). */
export function oneDefectCorpus(options: MakeTestModelOptions = {}): OneDefectCase[] {
  const base = buildTestModelSpec({ shape: 'tiny', ...options });
  const cases: OneDefectCase[] = [];
  for (const key of knownKeys(ARCH).keys()) {
    if (key === 'general.alignment') continue; // the writer owns alignment; its semantic case is below
    const accepted = acceptedTypes(key);
    for (const [typeName, value] of VALUES_OF_EVERY_TYPE) {
      if (accepted.has(typeName)) continue;
      cases.push({
        name: `type-${slug(key)}-${typeName}`,
        field: key,
        description: `${key} stored as ${typeName}`,
        spec: withEntry(base, key, value),
        mustRefuse: true,
      });
    }
  }
  for (const { value, ...rest } of semanticCases(base))
    cases.push({ ...rest, spec: withEntry(base, rest.field, value) });
  return cases;
}
