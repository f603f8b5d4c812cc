import type { PredictionCounts } from '@contract';
import { formatCount } from './format';

/** Speculative decoding's acceptance, e.g. "prompt lookup 62% of 45 predicted"; null when nothing was predicted. */
export function predictionSummary(counts: PredictionCounts): string | null {
  const total = counts.validated + counts.refuted;
  if (total === 0) return null;
  const name = counts.predictor === 'draft' ? 'draft' : 'prompt lookup';
  return `${name} ${Math.round((100 * counts.validated) / total)}% of ${formatCount(total)} predicted`;
}
