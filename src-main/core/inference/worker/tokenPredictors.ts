/**
 * Speculative decoding for one loaded model: a token predictor per context sequence, either prompt lookup or a
 * draft model (loaded here, one draft sequence per target sequence) whose tokenizer is checked first.
 */
import {
  DraftSequenceTokenPredictor,
  InputLookupTokenPredictor,
  type Llama,
  type LlamaContext,
  type LlamaModel,
  type TokenPredictor,
} from 'node-llama-cpp';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import type { Speculative } from '../../../../src-preload/contract/models';
import type { ModelRef } from '../protocol';

// llama.cpp's own speculative check allows this much vocabulary padding between a target and its draft.
const MAX_VOCAB_SIZE_DIFFERENCE = 128;
// The first ids are control tokens that differ harmlessly between sizes of one family (llama.cpp skips 5).
const FIRST_COMPARED_TOKEN = 5;
const PROBE = 'Outpost checks tokenizers: naïve café, 東京, {"a": [1, 2.5e-3]}, def f(x):\n\treturn x * 2  # ok';

export type PredictorKind = 'input-lookup' | 'draft';

export interface SequencePredictors {
  kind: PredictorKind | null;
  /** A fresh predictor for each target sequence (undefined: none configured). */
  next(): TokenPredictor | undefined;
  ramBytes: number;
  vramBytes: number;
  dispose(): Promise<void>;
}

interface TokenizerFacts {
  model?: string;
  tokens?: readonly string[];
}

function tokenizerFacts(model: LlamaModel): TokenizerFacts {
  const ggml = (model.fileInfo.metadata as { tokenizer?: { ggml?: TokenizerFacts } }).tokenizer?.ggml;
  return { model: ggml?.model, tokens: ggml?.tokens };
}

/** Why a draft model cannot predict for the target (null: same tokenizer), the checks llama.cpp makes. */
export function tokenizerMismatch(target: LlamaModel, draft: LlamaModel): string | null {
  if (target.vocabularyType !== draft.vocabularyType)
    return `vocabulary types differ (${target.vocabularyType} vs ${draft.vocabularyType})`;
  const a = tokenizerFacts(target);
  const b = tokenizerFacts(draft);
  if (a.model !== b.model) return `tokenizer models differ (${a.model} vs ${b.model})`;
  const sizeA = a.tokens?.length ?? 0;
  const sizeB = b.tokens?.length ?? 0;
  if (Math.abs(sizeA - sizeB) > MAX_VOCAB_SIZE_DIFFERENCE)
    return `vocabulary sizes differ by more than ${MAX_VOCAB_SIZE_DIFFERENCE} (${sizeA} vs ${sizeB})`;
  for (const name of ['bos', 'eos', 'eot'] as const) {
    if (target.tokens[name] !== draft.tokens[name]) return `the ${name} tokens differ`;
  }
  for (let id = FIRST_COMPARED_TOKEN; id < Math.min(sizeA, sizeB); id++) {
    if (a.tokens![id] !== b.tokens![id]) return `token ${id} differs`;
  }
  const probeA = target.tokenize(PROBE, true);
  const probeB = draft.tokenize(PROBE, true);
  if (probeA.length !== probeB.length || probeA.some((token, i) => token !== probeB[i]))
    return 'the same text tokenizes differently';
  return null;
}

const none: SequencePredictors = {
  kind: null,
  next: () => undefined,
  ramBytes: 0,
  vramBytes: 0,
  dispose: async () => undefined,
};

export async function createSequencePredictors(input: {
  llama: Llama;
  target: LlamaModel;
  ref: ModelRef;
  speculative: Speculative;
  sequences: number;
  contextSize: number;
  threads: number | undefined;
  signal: AbortSignal;
}): Promise<SequencePredictors> {
  const { speculative } = input;
  if (speculative.draftModelId && input.ref.draft)
    return createDraftPredictors({ ...input, draftRef: input.ref.draft });
  if (speculative.draftModelId)
    throw new OutpostError('not_found', `Draft model ${speculative.draftModelId} is not installed`, {
      reason: 'draft_model_missing',
      draftModelId: speculative.draftModelId,
    });
  if (!speculative.inputLookup) return none;
  return {
    ...none,
    kind: 'input-lookup',
    // A pattern of 2+ tokens: single-token matches (spaces, commas) are mostly wrong guesses that cost a batch slot.
    next: () =>
      new InputLookupTokenPredictor({
        patternLength: { min: 2 },
        predictionLength: { max: speculative.maxPredicted },
      }),
  };
}

async function createDraftPredictors(input: {
  llama: Llama;
  target: LlamaModel;
  ref: ModelRef;
  draftRef: { id: string; path: string };
  speculative: Speculative;
  sequences: number;
  contextSize: number;
  threads: number | undefined;
  signal: AbortSignal;
}): Promise<SequencePredictors> {
  let draft: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  try {
    draft = await input.llama.loadModel({ modelPath: input.draftRef.path, loadSignal: input.signal });
    const mismatch = tokenizerMismatch(input.target, draft);
    if (mismatch) {
      throw new OutpostError(
        'invalid_model',
        `${input.draftRef.id} cannot draft for ${input.ref.id}: ${mismatch}. A draft model needs the same tokenizer.`,
        { reason: 'draft_tokenizer_mismatch', modelId: input.ref.id, draftModelId: input.draftRef.id, mismatch },
      );
    }
    context = await draft.createContext({
      contextSize: input.contextSize,
      sequences: input.sequences,
      ...(input.threads === undefined ? {} : { threads: input.threads }),
      createSignal: input.signal,
    });
    const drafting = context;
    const loaded = draft;
    return {
      kind: 'draft',
      // Wait for the whole draft (classic speculative decoding): on a CPU the draft and the target share the
      // cores, and a target that does not wait validates whatever little the draft had ready.
      next: () =>
        new DraftSequenceTokenPredictor(drafting.getSequence(), {
          minTokens: input.speculative.maxPredicted,
          maxTokens: input.speculative.maxPredicted,
          minConfidence: input.speculative.draftMinConfidence,
        }),
      ramBytes: loaded.memoryUsage.ram + drafting.memoryUsage.ram,
      vramBytes: loaded.memoryUsage.vram + drafting.memoryUsage.vram,
      dispose: async () => {
        await drafting.dispose();
        await loaded.dispose();
      },
    };
  } catch (error) {
    await context?.dispose().catch(() => undefined);
    await draft?.dispose().catch(() => undefined);
    throw error;
  }
}
