/**
 * Which free context sequence a request takes: the one whose evaluated tokens share the longest prefix with
 * its prompt (so a conversation's next turn lands where its history already is); ties and misses take the
 * least-recently-used one, so a fresh prompt overwrites the state least likely to be asked for again.
 */
export interface SequenceCandidate<T> {
  item: T;
  /** Leading prompt tokens this sequence already holds evaluated. */
  sharedPrefix: number;
  /** Monotonic stamp of the last release (0 = never used). */
  lastUsed: number;
}

/**
 * Share of the prompt a sequence must already hold to count as a hit (llama.cpp's server uses the same 0.5 for
 * its slots): a chat template's few opening tokens must not pull a new conversation onto another one's history.
 */
export const MIN_PREFIX_SHARE = 0.5;

export function chooseSequence<T>(
  candidates: readonly SequenceCandidate<T>[],
  promptTokens: number,
): SequenceCandidate<T> | undefined {
  const minimum = Math.max(1, promptTokens * MIN_PREFIX_SHARE);
  const score = (candidate: SequenceCandidate<T>) => (candidate.sharedPrefix >= minimum ? candidate.sharedPrefix : 0);
  let best: SequenceCandidate<T> | undefined;
  for (const candidate of candidates) {
    if (
      !best ||
      score(candidate) > score(best) ||
      (score(candidate) === score(best) && candidate.lastUsed < best.lastUsed)
    )
      best = candidate;
  }
  return best;
}
