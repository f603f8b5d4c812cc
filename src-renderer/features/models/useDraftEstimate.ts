import { useEffect, useState } from 'react';
import type { LoadOptions, MemoryEstimate } from '@contract';
import type { ShownError } from '../../lib/errors';
import { optionsKey } from '../../stores/modelsState';
import { useModelsStore } from '../../stores/modelsStore';

export interface DraftEstimateState {
  estimate: MemoryEstimate | null;
  error: ShownError | null;
  /** True while the shown answer is for other options than the current draft. */
  pending: boolean;
}

interface Answer {
  forKey: string | null;
  estimate: MemoryEstimate | null;
  error: ShownError | null;
}

/** Typing pauses this long before the draft is estimated; each estimate is a round trip to the worker. */
export const DRAFT_ESTIMATE_DELAY_MS = 350;

/** Estimates unsaved options while the user edits them; the newest draft wins, older answers are dropped. */
export function useDraftEstimate(modelId: string, options: LoadOptions | null): DraftEstimateState {
  const estimateDraft = useModelsStore((s) => s.estimateDraft);
  const [answer, setAnswer] = useState<Answer>({ forKey: null, estimate: null, error: null });
  // Re-run on content, not identity: the form builds a new options object on every render.
  const key = options ? optionsKey(options) : null;

  useEffect(() => {
    if (!options || key === null) return;
    let current = true;
    const timer = setTimeout(() => {
      void estimateDraft(modelId, options).then((result) => {
        if (!current) return;
        setAnswer(
          result.ok
            ? { forKey: key, estimate: result.estimate, error: null }
            : { forKey: key, estimate: null, error: result.error },
        );
      });
    }, DRAFT_ESTIMATE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `options`
  }, [modelId, key, estimateDraft]);

  return { estimate: answer.estimate, error: answer.error, pending: key !== null && answer.forKey !== key };
}
