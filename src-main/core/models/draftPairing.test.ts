/** Draft pairing checked by GGUF header before it is enabled: generated models with the same and other vocabularies. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS, OutpostError, type InstalledModel, type LoadOptions } from '@contract';
import { makeTestModel } from '../../../scripts/test-model/make-test-model';
import { DraftPairing, tokenizerFacts, tokenizerMismatch, type TokenizerFacts } from './draftPairing';
import { readGgufHeader } from './ggufHeader';

const installed = (id: string, path: string, extra: Partial<InstalledModel> = {}): InstalledModel => ({
  id,
  fileName: `${id}.gguf`,
  path,
  sizeBytes: 1,
  source: 'linked',
  addedAt: 0,
  metadata: {
    architecture: 'llama',
    name: id,
    quantization: 'Q8_0',
    parameterCount: null,
    contextLength: 4096,
    layerCount: 2,
    embeddingLength: 64,
    hasChatTemplate: true,
    tensorCount: 10,
  },
  problem: null,
  loadOptions: DEFAULT_LOAD_OPTIONS,
  ...extra,
});

const withDraft = (draftModelId: string | null): LoadOptions => ({
  ...DEFAULT_LOAD_OPTIONS,
  speculative: { ...DEFAULT_LOAD_OPTIONS.speculative, draftModelId },
});

let models: InstalledModel[];
let pairing: DraftPairing;

beforeAll(async () => {
  const [target, sibling, other] = await Promise.all([
    makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 1 }),
    makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 2 }),
    makeTestModel({ shape: 'tiny', type: 'Q8_0', seed: 5, vocabPadTo: 2048 }),
  ]);
  models = [
    installed('target', target),
    installed('sibling', sibling),
    installed('other-vocab', other),
    installed('broken', target, { problem: 'file missing' }),
  ];
  pairing = new DraftPairing({
    models: { list: () => models, get: (id) => models.find((m) => m.id === id)! },
    catalogDraftFor: (id) => (id === 'target' ? 'sibling' : null),
  });
}, 120_000);

describe('tokenizerMismatch', () => {
  const facts = (extra: Partial<TokenizerFacts> = {}): TokenizerFacts => ({
    model: 'gpt2',
    pre: 'default',
    tokens: ['<s>', '</s>', 'a', 'b', 'c', 'd', 'e', 'f'],
    bos: 0,
    eos: 1,
    ...extra,
  });

  it('names what differs, and accepts differences llama.cpp accepts (first control tokens, small padding)', () => {
    expect(tokenizerMismatch(facts(), facts())).toBeNull();
    expect(
      tokenizerMismatch(facts(), facts({ tokens: ['<s>', '</s>', 'x', 'b', 'c', 'd', 'e', 'f', 'pad'] })),
    ).toBeNull();
    expect(tokenizerMismatch(facts(), facts({ model: 'llama' }))).toBe('tokenizer models differ (gpt2 vs llama)');
    expect(tokenizerMismatch(facts(), facts({ pre: 'qwen2' }))).toBe('pre-tokenizers differ (default vs qwen2)');
    expect(tokenizerMismatch(facts(), facts({ eos: 2 }))).toBe('the EOS tokens differ');
    expect(tokenizerMismatch(facts(), facts({ tokens: ['<s>', '</s>', 'a', 'b', 'c', 'd', 'X', 'f'] }))).toBe(
      'token 6 differs',
    );
    const padded = facts({ tokens: [...facts().tokens, ...Array.from({ length: 200 }, (_, i) => `p${i}`)] });
    expect(tokenizerMismatch(facts(), padded)).toMatch(/^vocabulary sizes differ by more than 128/);
  });

  it('reads the facts from a real GGUF header', async () => {
    const facts = tokenizerFacts(await readGgufHeader(models[0]!.path));
    expect(facts.model).toBe('gpt2');
    expect(facts.tokens.length).toBeGreaterThan(256);
    expect(facts.bos).not.toBeNull();
  });
});

describe('DraftPairing', () => {
  it('lists the catalog pair first, then matching, then mismatched models with the reason; never itself', async () => {
    const candidates = await pairing.candidates('target');
    expect(candidates).toEqual([
      { modelId: 'sibling', suggested: true, mismatch: null },
      { modelId: 'other-vocab', suggested: false, mismatch: expect.stringMatching(/^vocabulary sizes differ/) },
    ]);
  });

  it('accepts a draft with the same tokenizer and no draft at all', async () => {
    await expect(pairing.check('target', withDraft('sibling'))).resolves.toBeUndefined();
    await expect(pairing.check('target', withDraft(null))).resolves.toBeUndefined();
  });

  it('refuses a draft with another vocabulary with a typed error naming the mismatch', async () => {
    const error = await pairing.check('target', withDraft('other-vocab')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutpostError);
    expect(error).toMatchObject({
      code: 'invalid_model',
      details: {
        reason: 'draft_tokenizer_mismatch',
        modelId: 'target',
        draftModelId: 'other-vocab',
        mismatch: expect.stringMatching(/^vocabulary sizes differ/),
      },
    });
  });

  it('refuses a missing or broken draft and the model itself', async () => {
    await expect(pairing.check('target', withDraft('nope'))).rejects.toMatchObject({
      code: 'not_found',
      details: { reason: 'draft_model_missing' },
    });
    await expect(pairing.check('target', withDraft('broken'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(pairing.check('target', withDraft('target'))).rejects.toMatchObject({ code: 'bad_request' });
  });
});
