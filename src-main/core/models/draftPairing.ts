/**
 * Draft models for speculative decoding, checked before they are enabled: a draft must tokenize exactly like
 * its target, or its predictions are token ids of another vocabulary. The check reads both GGUF headers (no
 * weights) and compares what llama.cpp compares at load; the worker checks the loaded pair again.
 */
import { OutpostError, type DraftCandidate, type InstalledModel, type LoadOptions } from '@contract';
import { readGgufHeader, type GgufHeader } from './ggufHeader';

// llama.cpp's speculative check allows this much vocabulary padding between a target and its draft.
const MAX_VOCAB_SIZE_DIFFERENCE = 128;
// The first ids are control tokens that differ harmlessly between sizes of one family (llama.cpp skips 5).
const FIRST_COMPARED_TOKEN = 5;

export interface TokenizerFacts {
  model: string | null;
  pre: string | null;
  tokens: readonly string[];
  bos: number | null;
  eos: number | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const id = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function tokenizerFacts(header: Pick<GgufHeader, 'metadata' | 'vocabulary'>): TokenizerFacts {
  const m = header.metadata;
  return {
    model: text(m.get('tokenizer.ggml.model')),
    pre: text(m.get('tokenizer.ggml.pre')),
    tokens: header.vocabulary ?? [],
    bos: id(m.get('tokenizer.ggml.bos_token_id')),
    eos: id(m.get('tokenizer.ggml.eos_token_id')),
  };
}

/** What differs between the two tokenizers (null: the draft can predict for the target). */
export function tokenizerMismatch(target: TokenizerFacts, draft: TokenizerFacts): string | null {
  if (target.tokens.length === 0 || draft.tokens.length === 0) return 'a model file has no vocabulary';
  if (target.model !== draft.model) return `tokenizer models differ (${target.model} vs ${draft.model})`;
  if (target.pre !== draft.pre) return `pre-tokenizers differ (${target.pre} vs ${draft.pre})`;
  const sizeA = target.tokens.length;
  const sizeB = draft.tokens.length;
  if (Math.abs(sizeA - sizeB) > MAX_VOCAB_SIZE_DIFFERENCE)
    return `vocabulary sizes differ by more than ${MAX_VOCAB_SIZE_DIFFERENCE} (${sizeA} vs ${sizeB})`;
  if (target.bos !== draft.bos) return 'the BOS tokens differ';
  if (target.eos !== draft.eos) return 'the EOS tokens differ';
  for (let i = FIRST_COMPARED_TOKEN; i < Math.min(sizeA, sizeB); i++) {
    if (target.tokens[i] !== draft.tokens[i]) return `token ${i} differs`;
  }
  return null;
}

export interface DraftPairingDeps {
  models: { list(): InstalledModel[]; get(id: string): InstalledModel };
  /** The installed model the catalog pairs as `modelId`'s draft, if both are installed. */
  catalogDraftFor(modelId: string): string | null;
  readHeader?: (path: string) => Promise<Pick<GgufHeader, 'metadata' | 'vocabulary'>>;
}

export class DraftPairing {
  private readonly readHeader: (path: string) => Promise<Pick<GgufHeader, 'metadata' | 'vocabulary'>>;

  constructor(private readonly d: DraftPairingDeps) {
    this.readHeader = d.readHeader ?? readGgufHeader;
  }

  private async facts(model: InstalledModel): Promise<TokenizerFacts | null> {
    try {
      return tokenizerFacts(await this.readHeader(model.path));
    } catch {
      return null;
    }
  }

  /** Every other usable installed model, the catalog's pair first, then those whose tokenizer matches. */
  async candidates(modelId: string): Promise<DraftCandidate[]> {
    const target = this.d.models.get(modelId);
    const targetFacts = await this.facts(target);
    const suggested = this.d.catalogDraftFor(modelId);
    const out: DraftCandidate[] = [];
    for (const model of this.d.models.list()) {
      if (model.id === modelId || model.problem !== null || model.metadata === null) continue;
      const facts = await this.facts(model);
      const mismatch =
        targetFacts && facts ? tokenizerMismatch(targetFacts, facts) : 'the model file could not be read';
      out.push({ modelId: model.id, suggested: model.id === suggested, mismatch });
    }
    const rank = (c: DraftCandidate) => (c.suggested ? 0 : c.mismatch === null ? 1 : 2);
    return out.sort((a, b) => rank(a) - rank(b) || a.modelId.localeCompare(b.modelId));
  }

  /** Refuses options naming a draft that is missing, the model itself, or tokenizes differently. */
  async check(modelId: string, options: LoadOptions): Promise<void> {
    const draftId = options.speculative.draftModelId;
    if (!draftId) return;
    if (draftId === modelId) throw new OutpostError('bad_request', `${modelId} cannot be its own draft model`);
    const draft = this.d.models.list().find((m) => m.id === draftId);
    if (!draft || draft.problem !== null) {
      throw new OutpostError('not_found', `Draft model ${draftId} is not installed`, {
        reason: 'draft_model_missing',
        draftModelId: draftId,
      });
    }
    const target = await this.facts(this.d.models.get(modelId));
    const drafting = await this.facts(draft);
    const mismatch = target && drafting ? tokenizerMismatch(target, drafting) : 'a model file could not be read';
    if (mismatch) {
      throw new OutpostError(
        'invalid_model',
        `${draftId} cannot draft for ${modelId}: ${mismatch}. A draft model needs the same tokenizer.`,
        { reason: 'draft_tokenizer_mismatch', modelId, draftModelId: draftId, mismatch },
      );
    }
  }
}
