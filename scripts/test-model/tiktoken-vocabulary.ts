/**
 * A real ~100k BPE vocabulary for generated models: OpenAI's `cl100k_base` ranks (shipped offline by js-tiktoken)
 * converted to a GGUF `gpt2` tokenizer, so test models tokenize text like a real 0.5B model (~4× fewer tokens than
 * the tiny byte-level one).
 */
import { createRequire } from 'node:module';
import { gpt2ByteToUnicode } from './byte-to-unicode';

export type TiktokenVocabularyName = 'cl100k';

export interface TiktokenVocabulary {
  /** Token strings in GPT-2 byte-to-unicode form, id = tiktoken rank. */
  readonly tokens: readonly string[];
  /** "left right" pairs in rank order of the token they make. */
  readonly merges: readonly string[];
  /** llama.cpp's `tokenizer.ggml.pre` whose split regex is this encoding's `pat_str`. */
  readonly preTokenizer: string;
}

interface TiktokenRanksFile {
  readonly pat_str: string;
  readonly bpe_ranks: string;
}

/** Llama 3's pre-tokenizer: cl100k's regex, whole-word lookup before merges (as tiktoken does). */
const PRE_TOKENIZER: Readonly<Record<TiktokenVocabularyName, string>> = { cl100k: 'llama-bpe' };
const RANKS_MODULE: Readonly<Record<TiktokenVocabularyName, string>> = { cl100k: 'js-tiktoken/ranks/cl100k_base' };

const built = new Map<TiktokenVocabularyName, TiktokenVocabulary>();

/** Builds (once per process: ~1 s) the vocabulary and merges of a tiktoken encoding. */
export function buildTiktokenVocabulary(name: TiktokenVocabularyName): TiktokenVocabulary {
  const cached = built.get(name);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const ranksFile = require(RANKS_MODULE[name]) as TiktokenRanksFile | { default: TiktokenRanksFile };
  const ranks = parseRanks('default' in ranksFile ? ranksFile.default.bpe_ranks : ranksFile.bpe_ranks);
  const vocabulary = { ...convertRanks(ranks), preTokenizer: PRE_TOKENIZER[name] };
  built.set(name, vocabulary);
  return vocabulary;
}

/** js-tiktoken's compact rank format: lines of "<key> <first rank> <base64 token> <base64 token> …". */
export function parseRanks(bpeRanks: string): Buffer[] {
  const byRank: Buffer[] = [];
  for (const line of bpeRanks.split('\n')) {
    if (line.length === 0) continue;
    const [, offsetText, ...encoded] = line.split(' ');
    const offset = Number(offsetText);
    encoded.forEach((token, index) => (byRank[offset + index] = Buffer.from(token, 'base64')));
  }
  for (let rank = 0; rank < byRank.length; rank++) {
    if (!byRank[rank]) throw new Error(`tiktoken ranks have a gap at ${rank}`);
  }
  return byRank;
}

/**
 * The standard tiktoken → Hugging Face conversion: each multi-byte token's merge is found by running BPE over its
 * bytes with only lower ranks; what is left is exactly two parts, its merge.
 */
export function convertRanks(byRank: readonly Buffer[]): { tokens: string[]; merges: string[] } {
  const rankOf = new Map<string, number>(byRank.map((bytes, rank) => [bytes.toString('latin1'), rank]));
  const byteToUnicode = gpt2ByteToUnicode();
  const toUnicode = (bytes: string): string =>
    Array.from(bytes, (char) => byteToUnicode.get(char.charCodeAt(0))!).join('');

  const tokens = byRank.map((bytes) => toUnicode(bytes.toString('latin1')));
  const merges: string[] = [];
  byRank.forEach((bytes, rank) => {
    if (bytes.length < 2) return;
    const parts = bpeBelowRank(bytes.toString('latin1'), rank, rankOf);
    if (parts.length !== 2) throw new Error(`token ${rank} does not split into two lower-ranked parts`);
    merges.push(`${toUnicode(parts[0]!)} ${toUnicode(parts[1]!)}`);
  });
  return { tokens, merges };
}

/** BPE over single bytes (latin1 chars), merging the lowest-ranked adjacent pair while it ranks below `maxRank`. */
function bpeBelowRank(bytes: string, maxRank: number, rankOf: ReadonlyMap<string, number>): string[] {
  const parts = Array.from(bytes);
  for (;;) {
    let bestIndex = -1;
    let bestRank = maxRank;
    for (let index = 0; index < parts.length - 1; index++) {
      const rank = rankOf.get(parts[index]! + parts[index + 1]!);
      if (rank !== undefined && rank < bestRank) [bestIndex, bestRank] = [index, rank];
    }
    if (bestIndex < 0) return parts;
    parts.splice(bestIndex, 2, parts[bestIndex]! + parts[bestIndex + 1]!);
  }
}
