/** Token probabilities from llama.cpp as OpenAI-style log-probabilities (natural log, with the token's bytes). */
import type { LlamaModel, Token } from 'node-llama-cpp';
import type { TokenLogprob } from '../../../../src-preload/contract/inference';

/** OpenAI reports impossible tokens as -9999 rather than -Infinity (which JSON cannot carry). */
const FLOOR = -9999;

export const toLogprob = (probability: number): number =>
  probability > 0 && Number.isFinite(probability) ? Math.max(FLOOR, Math.log(probability)) : FLOOR;

/** The chosen token reads as it does in the reply (special tokens empty); alternatives show special tokens. */
function entry(model: LlamaModel, token: Token, probability: number, special: boolean) {
  const text = model.detokenize([token], special);
  return { token: text, logprob: toLogprob(probability), bytes: [...Buffer.from(text, 'utf8')] };
}

/** The chosen token and its `top` likeliest alternatives (the map is sorted by probability, highest first). */
export function logprobOf(
  model: LlamaModel,
  token: Token,
  confidence: number,
  probabilities: ReadonlyMap<Token, number> | undefined,
  top: number,
): TokenLogprob {
  const alternatives: TokenLogprob['top'] = [];
  if (probabilities && top > 0) {
    for (const [candidate, probability] of probabilities) {
      if (alternatives.length >= top) break;
      alternatives.push(entry(model, candidate, probability, true));
    }
  }
  return { ...entry(model, token, confidence, false), top: alternatives };
}
