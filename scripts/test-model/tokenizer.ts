/**
 * GPT-2-style byte-level BPE tokenizers (Qwen2 conventions) that llama.cpp accepts as `tokenizer.ggml.model =
 * "gpt2"`: the tiny default (256 byte tokens, a few dozen merges) or a real ~100k one (cl100k_base), then ChatML
 * special tokens.
 */
import { gpt2ByteToUnicode } from './byte-to-unicode';
import { gguf, type GgufValue } from './gguf-writer';
import { buildTiktokenVocabulary, type TiktokenVocabularyName } from './tiktoken-vocabulary';

export { gpt2ByteToUnicode };

/** GGUF token types (llama_token_type). */
export const TOKEN_TYPE = { normal: 1, control: 3 } as const;

export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

/** Standard ChatML template (Qwen2 style, without a default system prompt) so node-llama-cpp resolves ChatMLChatWrapper. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * Merge rules in plain text, in rank order; each side must already be a token (a byte or an earlier merge).
 * Chosen so common words ("Hello world", " the", "calculator", "assistant") become single tokens.
 */
// prettier-ignore
const PLAIN_TEXT_MERGES: ReadonlyArray<readonly [string, string]> = [
  [' ', 't'], ['h', 'e'], [' t', 'he'], ['i', 'n'], ['e', 'r'], ['a', 'n'], ['o', 'n'], ['r', 'e'],
  [' ', 'a'], [' ', 's'], [' ', 'w'], ['o', 'r'], ['e', 'n'], ['i', 's'], [' ', 'o'], ['i', 't'], ['a', 't'],
  ['e', 's'], [' ', 'c'], [' ', 'b'], ['in', 'g'], [' a', 'n'], [' an', 'd'], [' ', 'i'], [' o', 'f'],
  [' t', 'o'], [' i', 'n'], [' i', 's'], ['l', 'l'], ['H', 'e'], ['He', 'll'], ['Hell', 'o'], [' w', 'or'],
  ['l', 'd'], [' wor', 'ld'], ['c', 'a'], ['c', 'u'], ['ca', 'l'], ['l', 'at'], ['cal', 'cu'],
  ['calcu', 'lat'], ['calculat', 'or'], ['u', 's'], ['us', 'er'], ['s', 't'], ['a', 's'], ['as', 's'],
  ['is', 't'], ['ass', 'ist'], ['an', 't'], ['assist', 'ant'], ['t', 'o'], ['o', 'o'], ['to', 'o'],
  ['too', 'l'],
];

export interface TestTokenizer {
  /** Token strings in GPT-2 byte-to-unicode form (space = "Ġ", newline = "Ċ"). */
  readonly tokens: readonly string[];
  readonly tokenTypes: readonly number[];
  /** "left right" pairs in rank order. */
  readonly merges: readonly string[];
  readonly bosTokenId: number;
  readonly eosTokenId: number;
  readonly eotTokenId: number;
  readonly paddingTokenId: number;
  /** llama.cpp's `tokenizer.ggml.pre` (the pre-tokenizer regex set). */
  readonly preTokenizer: string;
}

/** 'tiny': ~300 tokens, ~1 token per character (fast); 'cl100k': OpenAI's real 100k vocabulary. */
export type TestVocabularyName = 'tiny' | TiktokenVocabularyName;
export const TEST_VOCABULARIES: readonly TestVocabularyName[] = ['tiny', 'cl100k'];

export interface TestTokenizerOptions {
  /** Pads the vocabulary with normal "<|pad_N|>" tokens up to this size (e.g. 151936 for a realistic output matrix). */
  readonly vocabPadTo?: number;
  /** Default 'tiny'. */
  readonly vocabulary?: TestVocabularyName;
}

export function buildTestTokenizer(options: TestTokenizerOptions = {}): TestTokenizer {
  const { tokens, merges, preTokenizer } =
    options.vocabulary === undefined || options.vocabulary === 'tiny'
      ? buildTinyVocabulary()
      : buildTiktokenVocabulary(options.vocabulary);
  const tokenTypes: number[] = tokens.map(() => TOKEN_TYPE.normal);
  const allTokens = [...tokens];

  const firstSpecialId = allTokens.length;
  for (const special of SPECIAL_TOKENS) {
    allTokens.push(special);
    tokenTypes.push(TOKEN_TYPE.control);
  }
  // Pad tokens are normal so generated ones detokenize to visible text (ASCII only: no byte-map gaps).
  for (let index = 0; allTokens.length < (options.vocabPadTo ?? 0); index++) {
    allTokens.push(`<|pad_${index}|>`);
    tokenTypes.push(TOKEN_TYPE.normal);
  }

  const [endOfText, , imEnd] = [firstSpecialId, firstSpecialId + 1, firstSpecialId + 2];
  return {
    tokens: allTokens,
    tokenTypes,
    merges,
    bosTokenId: endOfText,
    eosTokenId: imEnd,
    eotTokenId: imEnd,
    paddingTokenId: endOfText,
    preTokenizer,
  };
}

function buildTinyVocabulary(): { tokens: string[]; merges: string[]; preTokenizer: string } {
  const byteToUnicode = gpt2ByteToUnicode();
  const encode = (text: string): string =>
    Array.from(Buffer.from(text, 'utf8'), (byte) => byteToUnicode.get(byte)!).join('');

  // Byte tokens in GPT-2's order, so ids 0-255 match GPT-2's vocabulary.
  const tokens: string[] = [...byteToUnicode.values()];
  const known = new Set(tokens);
  const merges: string[] = [];
  for (const [left, right] of PLAIN_TEXT_MERGES) {
    const [encodedLeft, encodedRight] = [encode(left), encode(right)];
    if (!known.has(encodedLeft) || !known.has(encodedRight))
      throw new Error(`merge "${left}" + "${right}" uses an unknown token`);
    merges.push(`${encodedLeft} ${encodedRight}`);
    const merged = encodedLeft + encodedRight;
    if (known.has(merged)) throw new Error(`duplicate merge result "${left}${right}"`);
    known.add(merged);
    tokens.push(merged);
  }

  // "qwen2" is a pre-tokenizer llama.cpp knows; it keeps spaces exactly on detokenize (clean_spaces = false).
  return { tokens, merges, preTokenizer: 'qwen2' };
}

/** The `tokenizer.*` GGUF metadata for a tokenizer (Qwen2 conventions: no BOS added, EOS/EOT = <|im_end|>). */
export function tokenizerMetadata(tokenizer: TestTokenizer): Array<readonly [string, GgufValue]> {
  return [
    ['tokenizer.ggml.model', gguf.string('gpt2')],
    ['tokenizer.ggml.pre', gguf.string(tokenizer.preTokenizer)],
    ['tokenizer.ggml.tokens', gguf.stringArray(tokenizer.tokens)],
    ['tokenizer.ggml.token_type', gguf.int32Array(tokenizer.tokenTypes)],
    ['tokenizer.ggml.merges', gguf.stringArray(tokenizer.merges)],
    ['tokenizer.ggml.bos_token_id', gguf.uint32(tokenizer.bosTokenId)],
    ['tokenizer.ggml.eos_token_id', gguf.uint32(tokenizer.eosTokenId)],
    ['tokenizer.ggml.eot_token_id', gguf.uint32(tokenizer.eotTokenId)],
    ['tokenizer.ggml.padding_token_id', gguf.uint32(tokenizer.paddingTokenId)],
    ['tokenizer.ggml.add_bos_token', gguf.bool(false)],
    ['tokenizer.chat_template', gguf.string(CHATML_TEMPLATE)],
  ];
}
