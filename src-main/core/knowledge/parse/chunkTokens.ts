/**
 * How a parse job counts tokens for the chunk budget: with the embedding model's own tokenizer.json (the one the
 * embeddings worker feeds the model with, via @huggingface/tokenizers), so a chunk is never cut short by the
 * model's input limit. Loaded tokenizers are cached per file in the parser thread.
 */
import { readFileSync, statSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { z } from 'zod';
import { approximateTokens } from '../chunker';

/** The embedding model's tokenizer, as the parse request names it. */
export interface ChunkTokenizer {
  /** Its tokenizer.json. */
  path: string;
  /** The longest token sequence the model reads, special tokens included. */
  maxLength: number;
}

export interface TokenCounting {
  count: (text: string) => number;
  /** The largest chunk the model reads whole, within the wanted size. */
  budget: (wanted: number) => number;
  /** 'estimate' when there is no tokenizer file (GGUF models) or it could not be read. */
  source: 'tokenizer' | 'estimate';
}

const ESTIMATE: TokenCounting = { count: approximateTokens, budget: (wanted) => wanted, source: 'estimate' };
const CACHE_SIZE = 4;
const cache = new Map<string, TokenCounting>();
const JsonObject = z.record(z.string(), z.unknown());

export function tokenCounting(tokenizer: ChunkTokenizer | null | undefined): TokenCounting {
  if (!tokenizer) return ESTIMATE;
  let key: string;
  try {
    const stat = statSync(tokenizer.path);
    // A model folder replaced in place gets a new tokenizer, not the cached one.
    key = `${tokenizer.path}\u0000${stat.size}\u0000${stat.mtimeMs}\u0000${tokenizer.maxLength}`;
  } catch {
    return ESTIMATE;
  }
  const cached = cache.get(key);
  if (cached) return cached;
  const counting = load(tokenizer);
  if (counting.source === 'estimate') return counting;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, counting);
  return counting;
}

function load(spec: ChunkTokenizer): TokenCounting {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(readJson(spec.path), readConfig(spec.path));
  } catch {
    // The embeddings worker reports an unusable tokenizer when it loads the model; chunking goes on estimated.
    return ESTIMATE;
  }
  // Special tokens ([CLS] … [SEP]) come with every input: they take room from the chunk.
  const specials = tokenizer.encode('').ids.length;
  const room = Math.max(8, spec.maxLength - specials);
  return {
    count: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length,
    budget: (wanted) => Math.min(wanted, room),
    source: 'tokenizer',
  };
}

function readJson(file: string): Record<string, unknown> {
  return JsonObject.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** tokenizer_config.json beside tokenizer.json (lower-casing and such), as the embeddings worker reads it. */
function readConfig(tokenizerPath: string): Record<string, unknown> {
  const configPath = tokenizerPath.replace(/tokenizer\.json$/, 'tokenizer_config.json');
  if (configPath === tokenizerPath) return {};
  try {
    return readJson(configPath);
  } catch {
    return {};
  }
}
