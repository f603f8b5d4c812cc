/**
 * Vocabulary consistency: llama.cpp asserts that every token is unique and looks up byte tokens with
 * throwing accessors (an abort in native code), so the tokenizer kind must match the vocabulary it names.
 */
import { formatCount, GgufValidationError } from './ggufErrors';
import type { MetadataEntries } from './ggufArchitecture';

/** tokenizer.ggml.model values llama.cpp knows. */
const TOKENIZER_MODELS = new Set(['llama', 'gpt2', 'bert', 't5', 'rwkv', 'plamo2', 'no_vocab', 'none']);
const KIND: Record<string, string> = { llama: 'SentencePiece', gpt2: 'byte-level BPE' };

/** GPT-2's byte → printable character map (the byte tokens of every byte-level BPE vocabulary). */
function gpt2ByteTokens(): string[] {
  const printable = new Set<number>();
  for (let b = 33; b <= 126; b++) printable.add(b);
  for (let b = 161; b <= 172; b++) printable.add(b);
  for (let b = 174; b <= 255; b++) printable.add(b);
  const tokens: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) tokens.push(String.fromCodePoint(printable.has(b) ? b : next++));
  return tokens;
}
const BPE_BYTES = gpt2ByteTokens();
const spmByte = (b: number): string => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

function fail(entries: MetadataEntries, field: string, message: string): never {
  throw new GgufValidationError('inconsistent', entries.offsets.get(field) ?? 0, message, field);
}

/** Returns the vocabulary size (null when the file has no vocabulary). */
export function checkTokenizer(entries: MetadataEntries): number | null {
  const tokensValue = entries.values.get('tokenizer.ggml.tokens');
  const model = entries.values.get('tokenizer.ggml.model');
  if (typeof model === 'string' && !TOKENIZER_MODELS.has(model)) {
    fail(
      entries,
      'tokenizer.ggml.model',
      `metadata 'tokenizer.ggml.model' names an unknown tokenizer (${JSON.stringify(model.slice(0, 40))}); llama.cpp knows ${[...TOKENIZER_MODELS].join(', ')}`,
    );
  }
  if (typeof tokensValue !== 'object' || tokensValue.kind !== 'array') return null;
  const tokens = (tokensValue.items ?? []) as readonly string[];
  const ids = new Map<string, number>();
  tokens.forEach((token, id) => {
    const first = ids.get(token);
    if (first !== undefined) {
      const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
      fail(
        entries,
        'tokenizer.ggml.tokens',
        `metadata 'tokenizer.ggml.tokens' lists the token ${JSON.stringify(shown)} twice (ids ${formatCount(first)} and ${formatCount(id)}); every token must be unique`,
      );
    }
    ids.set(token, id);
  });
  if (model === 'llama')
    checkByteTokens(entries, ids, 'llama', (b) => [spmByte(b), ...(b < 0x80 ? [String.fromCharCode(b)] : [])]);
  if (model === 'gpt2') {
    checkByteTokens(entries, ids, 'gpt2', (b) => [BPE_BYTES[b]!]);
    if (!entries.values.has('tokenizer.ggml.merges')) {
      fail(
        entries,
        'tokenizer.ggml.merges',
        `metadata 'tokenizer.ggml.merges' is missing; a byte-level BPE tokenizer needs its merge rules`,
      );
    }
  }
  return tokens.length;
}

/** Both tokenizers fall back to one token per byte; a missing byte token makes llama.cpp throw in native code. */
function checkByteTokens(
  entries: MetadataEntries,
  ids: ReadonlyMap<string, number>,
  model: string,
  forms: (b: number) => string[],
): void {
  const missing: number[] = [];
  for (let b = 0; b < 256; b++) if (!forms(b).some((form) => ids.has(form))) missing.push(b);
  if (missing.length === 0) return;
  const looksLike = ids.has(spmByte(10)) ? 'SentencePiece' : ids.has(BPE_BYTES[10]!) ? 'byte-level BPE' : null;
  const hint = looksLike && looksLike !== KIND[model] ? `; the vocabulary looks like a ${looksLike} one` : '';
  const shown = missing
    .slice(0, 3)
    .map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join(', ');
  fail(
    entries,
    'tokenizer.ggml.model',
    `metadata 'tokenizer.ggml.model' is '${model}' (${KIND[model]}), but the vocabulary has no token for ${formatCount(missing.length)} of the 256 bytes (${shown}${missing.length > 3 ? ', …' : ''})${hint}`,
  );
}
