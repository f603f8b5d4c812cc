/**
 * A reply that is one of a few short labels (the team router's member numbers), decided from one forward pass:
 * the prompt's new tokens are evaluated in one batch and each label's first token is read from the last logits
 * vector — no chat loop, grammar sampler or token predictor on the way.
 */
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { GenerateRequest } from '../../../../src-preload/contract/inference';

/**
 * The first token of each choice, when a greedy request can be decided by scoring them: every choice starts with
 * its own token (else only a constrained generation tells them apart). Null: generate as usual.
 */
export function scorableChoices(request: GenerateRequest, model: LlamaModel): Token[] | null {
  const { choices } = request;
  if (!choices || request.functions || request.countOnly) return null;
  if ((request.sampling.temperature ?? 0) !== 0) return null;
  const firsts = choices.map((choice) => model.tokenize(choice, false)[0]);
  if (firsts.some((token) => token === undefined)) return null;
  const tokens = firsts as Token[];
  return new Set(tokens).size === tokens.length ? tokens : null;
}

/** Index of the highest logit among `tokens` (the first on a tie); -1 when none was returned. */
export function bestChoice(tokens: readonly Token[], logits: ReadonlyMap<Token, number> | undefined): number {
  let best = -1;
  let bestLogit = Number.NEGATIVE_INFINITY;
  tokens.forEach((token, index) => {
    const logit = logits?.get(token);
    if (logit !== undefined && logit > bestLogit) {
      best = index;
      bestLogit = logit;
    }
  });
  return best;
}

/**
 * Evaluates what `sequence` does not hold of `prompt` (at least its last token, whose logits decide) and returns
 * the index of the likeliest choice. The sequence ends holding exactly the prompt, ready for the next reuse.
 */
export async function scoreChoices(
  sequence: LlamaContextSequence,
  prompt: readonly Token[],
  choiceTokens: readonly Token[],
): Promise<number> {
  const keep = Math.min(sequence.compareContextTokens([...prompt]).firstDifferentIndex, prompt.length - 1);
  if (sequence.nextTokenIndex > keep)
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  const tail = prompt.slice(keep);
  const last = tail.length - 1;
  const output = await sequence.controlledEvaluate(
    tail.map((token, index) =>
      index === last ? [token, { generateNext: { logits: { filter: { tokens: [...choiceTokens] } } } }] : token,
    ),
  );
  return bestChoice(choiceTokens, output[last]?.next.logits);
}
